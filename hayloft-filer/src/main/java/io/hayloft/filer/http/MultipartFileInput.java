package io.hayloft.filer.http;

import io.hayloft.api.HayloftException;
import io.hayloft.http.MultipartParser;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * The first file part (the first part with a file name) of a {@code multipart/form-data} body, as
 * a blocking stream, parsed with {@link MultipartParser} (not Vert.x's decoder, which can leave a
 * stray CR in the data: see that class). Reads the raw body on demand, so memory stays at about
 * one read buffer plus what the parser holds back. For one virtual thread.
 */
final class MultipartFileInput extends InputStream implements MultipartParser.Listener {
    private static final int READ_SIZE = 64 * 1024;

    private final InputStream raw;
    private final MultipartParser parser;
    private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
    private byte[] current;
    private int position;
    private boolean collecting;
    private boolean fileStarted;
    private boolean fileEnded;
    private boolean rawEnded;
    private String fileName = "";
    private String contentType;

    private MultipartFileInput(InputStream raw, String requestContentType) {
        this.raw = raw;
        this.parser = MultipartParser.forContentType(requestContentType, this);
    }

    /**
     * Reads {@code raw} up to the start of its first file part.
     *
     * @throws HayloftException {@code BAD_REQUEST} for a malformed body or one without a file part
     */
    static MultipartFileInput open(InputStream raw, String requestContentType) throws IOException {
        MultipartFileInput in = new MultipartFileInput(raw, requestContentType);
        while (!in.fileStarted && in.pump()) {
            // keep reading until the file part's headers are known
        }
        HayloftException.checkArgument(in.fileStarted, "multipart body has no file part (send it as -F file=@path)");
        return in;
    }

    /** The part's file name. */
    String fileName() {
        return fileName;
    }

    /** The part's content type, or null. */
    String contentType() {
        return contentType;
    }

    @Override
    public void partStarted(MultipartParser.Part part) {
        boolean named = part.fileName().filter(n -> !n.isEmpty()).isPresent();
        collecting = named && !fileStarted;
        if (collecting) {
            fileStarted = true;
            fileName = part.fileName().orElse("");
            contentType = part.contentType().orElse(null);
        }
    }

    @Override
    public void partData(Buffer data) {
        if (collecting) {
            ready.add(data.getBytes());
        }
    }

    @Override
    public void partEnded() {
        if (collecting) {
            collecting = false;
            fileEnded = true;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || position == current.length) {
            current = ready.poll();
            position = 0;
            if (current != null) {
                continue;
            }
            if (fileEnded) {
                return -1;
            }
            if (!pump()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    /** Feeds one more read of the raw body to the parser; false once the body ended. */
    private boolean pump() throws IOException {
        if (rawEnded) {
            return false;
        }
        byte[] buf = new byte[READ_SIZE];
        int n = raw.read(buf);
        if (n < 0) {
            rawEnded = true;
            parser.finish();
            return false;
        }
        parser.feed(Buffer.buffer(n == buf.length ? buf : java.util.Arrays.copyOf(buf, n)));
        return true;
    }
}
