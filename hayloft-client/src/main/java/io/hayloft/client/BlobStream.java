package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import io.hayloft.api.wire.HttpTransport;
import java.time.Duration;
import java.util.Map;

/** Streams one blob from a volume server into the caller's {@link OutputStream}. */
final class BlobStream {
    private static final int BUFFER = 64 * 1024;

    /** A download that failed after bytes reached the caller's stream: never retried elsewhere. */
    static final class TransferBroken extends HayloftException {
        TransferBroken(String message, Throwable cause) {
            super(ErrorCode.UNAVAILABLE, message, cause);
        }
    }

    private BlobStream() {
    }

    /**
     * GETs {@code uri} and copies a 2xx body into {@code out}.
     *
     * @return what the server said about the blob, with the number of bytes copied
     * @throws HayloftException for an error answer or an unreachable server (nothing written yet), or
     *                          {@link TransferBroken} when the body broke off midway
     * @throws UncheckedIOException when writing to {@code out} fails
     */
    static BlobInfo copy(HttpTransport transport, Duration timeout, Json json, URI uri, OutputStream out) {
        try (HttpTransport.Response response = transport.open(HttpTransport.Request.of("GET", uri, timeout))) {
            InputStream body = response.body();
            if (response.status() < 200 || response.status() >= 300) {
                throw Reply.failure(json, uri, response.status(), body.readNBytes(BUFFER));
            }
            long size = transfer(body, out, uri);
            return blobInfo(response, size);
        } catch (IOException e) {
            throw new HttpTransport.Unreachable(uri, e);
        }
    }

    /**
     * GETs bytes {@code [offset, offset + length)} of {@code uri} with a {@code Range} header and copies
     * them into {@code out}: a 206 body as it is, a 200 body (the server ignored the range) from
     * {@code offset} on. At most {@code length} bytes are written.
     *
     * @return what the server said about the blob, with the number of bytes copied
     * @throws HayloftException as {@link #copy}; BAD_REQUEST for a range outside the blob (416)
     */
    static BlobInfo copyRange(HttpTransport transport, Duration timeout, Json json, URI uri, long offset, long length,
                              OutputStream out) {
        HttpTransport.Request request = new HttpTransport.Request("GET", uri,
                Map.of("Range", "bytes=" + offset + "-" + (offset + length - 1)), null, timeout);
        try (HttpTransport.Response response = transport.open(request)) {
            InputStream body = response.body();
            int status = response.status();
            if (status == 416) {
                throw HayloftException.badRequest("range " + offset + "+" + length + " is outside blob "
                        + uri.getRawPath());
            }
            if (status != 200 && status != 206) {
                throw Reply.failure(json, uri, status, body.readNBytes(BUFFER));
            }
            if (status == 200 && body.skip(offset) < offset) {
                throw HayloftException.badRequest("range " + offset + "+" + length + " is outside blob "
                        + uri.getRawPath());
            }
            long size = transfer(new BoundedInputStream(body, length), out, uri);
            return blobInfo(response, size);
        } catch (IOException e) {
            throw new HttpTransport.Unreachable(uri, e);
        }
    }

    /** Reads at most {@code remaining} bytes of {@code in}. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            remaining -= b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            remaining -= Math.max(n, 0);
            return n;
        }
    }

    private static long transfer(InputStream in, OutputStream out, URI from) {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw new TransferBroken("download from " + from.getRawAuthority() + " broke after " + total
                        + " bytes: " + e.getMessage(), e);
            }
            if (n < 0) {
                return total;
            }
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the download of " + from.getRawPath(), e);
            }
            total += n;
        }
    }

    private static BlobInfo blobInfo(HttpTransport.Headers headers, long size) {
        String eTag = headers.header("ETag").map(t -> t.replace("\"", "")).orElse(null);
        return new BlobInfo(ContentDisposition.fileName(headers.header("Content-Disposition").orElse(null)),
                headers.header("Content-Type").orElse(null), size, eTag);
    }
}
