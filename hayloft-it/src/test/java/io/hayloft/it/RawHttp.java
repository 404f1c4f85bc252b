package io.hayloft.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Raw bytes over a socket, for requests no HTTP client would send (bad request lines, escapes,
 * headers, chunked bodies). One request per connection; the answer is read until its declared end
 * (Content-Length or chunked), or until the server closes, within a deadline.
 */
final class RawHttp {
    /** What came back: a status line, headers and body, or nothing ({@code status == -1}) by the deadline. */
    record Answer(int status, Map<String, String> headers, byte[] body, boolean timedOut, boolean closedEarly) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body parsed as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return TestHttp.JSON.readTree(body);
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return timedOut ? "no answer in time" : closedEarly && status < 0 ? "connection closed, no answer"
                    : status + " " + headers + " " + text();
        }
    }

    private RawHttp() {
    }

    /** {@code host:port} (or {@code http://host:port}) to a socket address. */
    static InetSocketAddress address(String hostPort) {
        String hp = hostPort.startsWith("http://") ? hostPort.substring(7) : hostPort;
        int colon = hp.lastIndexOf(':');
        return new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
    }

    static Answer send(String hostPort, String request, Duration deadline) {
        return send(hostPort, request.getBytes(StandardCharsets.ISO_8859_1), deadline);
    }

    /** Sends {@code request} as is and reads one answer within {@code deadline}. */
    static Answer send(String hostPort, byte[] request, Duration deadline) {
        return send(hostPort, request, deadline, false);
    }

    /**
     * Sends {@code request} as is, then, with {@code halfClose}, shuts the sending side (the server
     * sees the end of a body that was declared longer), and reads one answer within {@code deadline}.
     */
    static Answer send(String hostPort, byte[] request, Duration deadline, boolean halfClose) {
        long end = System.nanoTime() + deadline.toNanos();
        try (Socket s = new Socket()) {
            s.connect(address(hostPort), (int) deadline.toMillis());
            s.setSoTimeout(50);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    s.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may answer and close before reading all of a bad request: read what it said
            }
            return read(s.getInputStream(), end);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Reads one answer from a socket the caller wrote to (its read timeout set short, 50 ms say) within
     * {@code deadline}.
     */
    static Answer read(Socket socket, Duration deadline) throws IOException {
        return read(socket.getInputStream(), System.nanoTime() + deadline.toNanos());
    }

    private static Answer read(InputStream in, long end) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (System.nanoTime() < end) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                Answer a = parse(buf.toByteArray(), false);
                if (a != null) {
                    return a;
                }
                continue;
            } catch (IOException e) {
                n = -1; // reset by the server
            }
            if (n < 0) {
                Answer a = parse(buf.toByteArray(), true);
                return a != null ? a : new Answer(-1, Map.of(), buf.toByteArray(), false, true);
            }
            buf.write(chunk, 0, n);
            Answer a = parse(buf.toByteArray(), false);
            if (a != null) {
                return a;
            }
        }
        return new Answer(-1, Map.of(), buf.toByteArray(), true, false);
    }

    /** A complete answer in {@code bytes}, or null while more is needed. */
    private static Answer parse(byte[] bytes, boolean closed) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = s.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return null;
        }
        String[] lines = s.substring(0, headEnd).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            return closed ? new Answer(-2, Map.of(), bytes, false, true) : null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        String length = headers.get("content-length");
        if (length != null) {
            int n = Integer.parseInt(length);
            if (rest.length >= n) {
                return new Answer(status, headers, java.util.Arrays.copyOf(rest, n), false, false);
            }
            return closed ? new Answer(status, headers, rest, false, true) : null;
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            byte[] body = dechunk(rest);
            if (body != null) {
                return new Answer(status, headers, body, false, false);
            }
            return closed ? new Answer(status, headers, rest, false, true) : null;
        }
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return new Answer(status, headers, new byte[0], false, false);
        }
        return closed ? new Answer(status, headers, rest, false, false) : null;
    }

    private static byte[] dechunk(byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int lineEnd = indexOf(rest, pos);
            if (lineEnd < 0) {
                return null;
            }
            String sizeLine = new String(rest, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            pos = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            if (pos + size + 2 > rest.length) {
                return null;
            }
            out.write(rest, pos, size);
            pos += size + 2;
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
