package io.hayloft.client;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;

/**
 * A raw upload body: the blob's bytes are the request body, its MIME type the {@code Content-Type}
 * and its name the {@code Content-Disposition} filename, as the volume server accepts besides
 * {@code multipart/form-data}. The bytes are published in small slices read from the caller's
 * array, never copied whole (the JDK's byte-array publisher copies the array at subscription).
 *
 * @param contentType the request's {@code Content-Type}
 * @param disposition the request's {@code Content-Disposition}, or null when the blob has no name
 * @param publisher   the body, with its length known up front
 */
record RawBody(String contentType, String disposition, BodyPublisher publisher) {
    private static final String DEFAULT_MIME = "application/octet-stream";

    /** {@code data} as a raw body named {@code fileName} (null or empty: no name). */
    static RawBody of(byte[] data, String fileName, String mime) {
        BodyPublisher publisher = data.length == 0 ? BodyPublishers.noBody()
                : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data)),
                        data.length);
        String type = mime == null || mime.isBlank() ? DEFAULT_MIME : mime.strip();
        String disposition = fileName == null || fileName.isEmpty() ? null
                : ContentDisposition.format("inline", fileName);
        return new RawBody(type, disposition, publisher);
    }
}
