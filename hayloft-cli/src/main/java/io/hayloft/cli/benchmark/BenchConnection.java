package io.hayloft.cli.benchmark;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection to one server, used by one benchmark worker at a time: each
 * request goes out in a single write (head and body together) and the answer is read whole into a
 * reusable buffer, so a request costs two system calls on each side and no allocation beyond the
 * head's bytes. Reconnects once when a kept-alive connection turns out closed. Not thread-safe.
 *
 * <p>Only what the benchmark needs from HTTP: {@code Content-Length} or chunked answers, no
 * redirects, no {@code 100-continue}. A failure to connect, send or read is an {@link IOException}.
 */
final class BenchConnection implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_HEAD = 16 * 1024;

    private final String host;
    private final int port;
    private final BenchTls tls;
    private final byte[] hostHeader;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private byte[] request = new byte[4096];
    private byte[] body = new byte[4096];
    private int bodyLength;
    private boolean closeAfter;

    /**
     * A connection to {@code host:port}; nothing is opened until the first request.
     *
     * @param tls HTTPS with this context (the server's certificate checked against the CA it trusts and
     *            {@code host}), or null for plain HTTP
     */
    BenchConnection(String host, int port, BenchTls tls) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends {@code method pathAndQuery} with {@code payload[0, payloadLength)} as its body (none when
     * {@code payload} is null) and reads the whole answer.
     *
     * @param contentType the body's {@code Content-Type}, or null without a body
     * @return the status; the body is then in {@link #body()} / {@link #bodyLength()}
     * @throws IOException when the server cannot be reached or the answer is not HTTP
     */
    int exchange(String method, String pathAndQuery, String contentType, byte[] payload, int payloadLength)
            throws IOException {
        int length = encode(method, pathAndQuery, contentType, payload, payloadLength);
        boolean fresh = socket == null;
        if (fresh) {
            open();
        }
        try {
            return send(length);
        } catch (IOException e) {
            close();
            if (fresh) {
                throw e;
            }
            open(); // the server closed an idle kept-alive connection: one retry on a new one
            return send(length);
        }
    }

    /** The last answer's body bytes, valid up to {@link #bodyLength()} until the next exchange. */
    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    /** The last answer's body as text (for error messages and JSON). */
    String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    private int send(int length) throws IOException {
        out.write(request, 0, length);
        out.flush();
        int status = readAnswer();
        if (closeAfter) {
            close();
        }
        return status;
    }

    private int encode(String method, String pathAndQuery, String contentType, byte[] payload, int payloadLength) {
        StringBuilder head = new StringBuilder(128).append(method).append(' ').append(pathAndQuery)
                .append(" HTTP/1.1\r\n");
        if (payload != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(payloadLength)
                    .append("\r\n");
        }
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        int bodyBytes = payload == null ? 0 : payloadLength;
        int total = headBytes.length + hostHeader.length + 2 + bodyBytes;
        if (request.length < total) {
            request = new byte[Math.max(total, request.length * 2)];
        }
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(hostHeader, 0, request, headBytes.length, hostHeader.length);
        int at = headBytes.length + hostHeader.length;
        request[at++] = '\r';
        request[at++] = '\n';
        if (bodyBytes > 0) {
            System.arraycopy(payload, 0, request, at, bodyBytes);
            at += bodyBytes;
        }
        return at;
    }

    private int readAnswer() throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException(host + ":" + port + " did not answer HTTP: '" + statusLine + "'");
        }
        int status;
        try {
            status = Integer.parseInt(statusLine, 9, 12, 10);
        } catch (NumberFormatException e) {
            throw new IOException(host + ":" + port + " sent a bad status line: '" + statusLine + "'", e);
        }
        long contentLength = -1;
        boolean chunked = false;
        closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String value = line.substring(colon + 1).strip();
            if (line.regionMatches(true, 0, "Content-Length", 0, colon)) {
                contentLength = Long.parseLong(value);
            } else if (line.regionMatches(true, 0, "Transfer-Encoding", 0, colon)) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (line.regionMatches(true, 0, "Connection", 0, colon)) {
                closeAfter = value.equalsIgnoreCase("close");
            }
        }
        bodyLength = 0;
        if (chunked) {
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                readBody(size);
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
        } else if (contentLength >= 0) {
            if (contentLength > Integer.MAX_VALUE - 8) {
                throw new IOException(host + ":" + port + " answered " + contentLength + " bytes: too large");
            }
            readBody((int) contentLength);
        } else {
            readBody(Integer.MAX_VALUE - 8); // until the server closes
            closeAfter = true;
        }
        return status;
    }

    private int chunkSize() throws IOException {
        String line = readLine();
        int semicolon = line.indexOf(';');
        try {
            return Integer.parseInt(semicolon < 0 ? line.strip() : line.substring(0, semicolon).strip(), 16);
        } catch (NumberFormatException e) {
            throw new IOException(host + ":" + port + " sent a bad chunk size: '" + line + "'", e);
        }
    }

    private void readBody(int length) throws IOException {
        int want = length;
        while (want > 0) {
            if (body.length == bodyLength) {
                body = Arrays.copyOf(body, (int) Math.min(Integer.MAX_VALUE - 8, body.length * 2L));
            }
            int n = in.read(body, bodyLength, Math.min(want, body.length - bodyLength));
            if (n < 0) {
                if (length == Integer.MAX_VALUE - 8) {
                    return;
                }
                throw new EOFException(host + ":" + port + " closed the connection mid-answer");
            }
            bodyLength += n;
            want -= n;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(host + ":" + port + " closed the connection");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEAD) {
                throw new IOException(host + ":" + port + " sent a header line over " + MAX_HEAD + " bytes");
            }
            line.append((char) b);
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            if (tls != null) {
                BenchTls.Stream secure = tls.connect(s, host, port);
                out = secure.out();
                in = new BufferedInputStream(secure.in(), 16 * 1024);
            } else {
                out = s.getOutputStream();
                in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
    }

    /** Closes the socket; the next exchange opens a new one. */
    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a socket we are done with: nothing to do
            }
            socket = null;
        }
    }
}
