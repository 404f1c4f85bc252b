package io.hayloft.volume.http;

import io.hayloft.http.MultipartParser;
import io.vertx.core.buffer.Buffer;

/**
 * Keeps the part of a multipart upload that becomes the needle, as SeaweedFS chooses it: the first
 * part with a file name, or, when no part has one ({@code curl -F 'file=<x.txt'}), the first part.
 * Other parts are skipped. Confined to the request's event loop.
 */
final class FirstFilePart implements MultipartParser.Listener {
    private Buffer data;
    private String fileName = "";
    private String contentType;
    private boolean hasFileName;
    private boolean collecting;

    @Override
    public void partStarted(MultipartParser.Part part) {
        boolean named = part.fileName().filter(n -> !n.isEmpty()).isPresent();
        // take the first part; replace it once by the first part that has a file name
        collecting = data == null || (named && !hasFileName);
        if (collecting) {
            data = Buffer.buffer();
            hasFileName = named;
            fileName = part.fileName().orElse("");
            contentType = part.contentType().orElse(null);
        }
    }

    @Override
    public void partData(Buffer chunk) {
        if (collecting) {
            data.appendBuffer(chunk);
        }
    }

    @Override
    public void partEnded() {
        collecting = false;
    }

    boolean found() {
        return data != null;
    }

    long size() {
        return data == null ? 0 : data.length();
    }

    Buffer data() {
        return data;
    }

    String fileName() {
        return fileName;
    }

    /** The part's content type, or null. */
    String contentType() {
        return contentType;
    }
}
