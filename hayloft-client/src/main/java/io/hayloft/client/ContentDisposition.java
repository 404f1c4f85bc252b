package io.hayloft.client;

/**
 * The client's view of {@link io.hayloft.api.ContentDisposition} (RFC 6266 file names): null
 * rather than an empty {@code Optional} where no file is named.
 */
final class ContentDisposition {
    private ContentDisposition() {
    }

    /** The file name of {@code header} ({@code filename*} wins over {@code filename}), or null when it has none. */
    static String fileName(String header) {
        return io.hayloft.api.ContentDisposition.fileName(header).orElse(null);
    }

    /** A header value naming {@code name}; see {@link io.hayloft.api.ContentDisposition#format}. */
    static String format(String type, String name) {
        return io.hayloft.api.ContentDisposition.format(type, name);
    }
}
