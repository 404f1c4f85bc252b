package io.hayloft.client;

import io.hayloft.api.wire.HttpTransport;

/**
 * A raw upload body: the blob's bytes are the request body, its MIME type the {@code Content-Type}
 * and its name the {@code Content-Disposition} filename, as the volume server accepts besides
 * {@code multipart/form-data}. The bytes are the caller's array, never copied here (the JDK transport
 * publishes them in slices, the Vert.x one wraps them).
 *
 * @param contentType the request's {@code Content-Type}
 * @param disposition the request's {@code Content-Disposition}, or null when the blob has no name
 * @param body        the body, with its length known up front
 */
record RawBody(String contentType, String disposition, HttpTransport.Body body) {
    private static final String DEFAULT_MIME = "application/octet-stream";

    /** {@code data} as a raw body named {@code fileName} (null or empty: no name). */
    static RawBody of(byte[] data, String fileName, String mime) {
        String type = mime == null || mime.isBlank() ? DEFAULT_MIME : mime.strip();
        String disposition = fileName == null || fileName.isEmpty() ? null
                : ContentDisposition.format("inline", fileName);
        return new RawBody(type, disposition, new HttpTransport.Bytes(data));
    }
}
