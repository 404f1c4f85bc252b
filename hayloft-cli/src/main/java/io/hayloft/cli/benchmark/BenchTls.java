package io.hayloft.cli.benchmark;

import io.hayloft.api.HayloftException;
import io.hayloft.security.TlsFiles;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The benchmark's TLS ({@code [tls]}): an {@link SSLEngine} over a connected blocking {@link Socket}, so that
 * the load generator's TLS costs what the servers' does. The engine is OpenSSL's (BoringSSL through
 * {@code netty-tcnative}, shipped for Linux x86-64) when it loads, else the JDK's. The client shares the machine
 * with the servers it measures, so its TLS weighs on the throughput figures; the JDK's {@code SSLSocket}, used
 * before, cost the client more CPU per small request than TLS cost the OpenSSL server (docs/benchmarks.md,
 * issue 14). The server's certificate is checked against the cluster's CA and the host
 * name; with mutual TLS the client presents the node certificate. Thread-safe (the context); each
 * {@link Stream} belongs to one connection and one thread.
 */
final class BenchTls {
    private final SslContext context;
    private final boolean openSsl;

    private BenchTls(SslContext context, boolean openSsl) {
        this.context = context;
        this.openSsl = openSsl;
    }

    /**
     * A client context for {@code files}.
     *
     * @throws HayloftException BAD_REQUEST when the PEM files cannot be read
     */
    static BenchTls of(TlsFiles files) {
        try {
            boolean openSsl = OpenSsl.isAvailable();
            SslContextBuilder b = SslContextBuilder.forClient()
                    .sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
                    .trustManager(files.ca().toFile());
            if (files.mutual()) {
                b.keyManager(files.cert().toFile(), files.key().toFile());
            }
            return new BenchTls(b.build(), openSsl);
        } catch (SSLException | RuntimeException e) {
            throw HayloftException.badRequest("cannot set up TLS from " + files.ca() + ": " + e.getMessage());
        }
    }

    /** The engine's name, for the benchmark's report. */
    String engineName() {
        return openSsl ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK";
    }

    /**
     * Shakes hands with {@code host:port} over {@code socket} (connected) and returns the encrypted streams.
     *
     * @throws IOException when the handshake fails (an untrusted certificate, another host name, a closed socket)
     */
    Stream connect(Socket socket, String host, int port) throws IOException {
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT, host, port);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        Stream s = new Stream(socket, engine);
        s.handshake();
        return s;
    }

    /**
     * One connection's TLS: records written and read through the engine, on the calling thread. Every buffer the
     * engine sees is a direct {@link ByteBuffer} of this connection's: OpenSSL's engine copies a heap buffer into a
     * direct one it takes from Netty's allocator on each wrap and unwrap, and those allocations (shared arenas,
     * leak tracking, release) cost the client more than the copies into and out of {@link #io} here.
     */
    static final class Stream {
        private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);
        private final InputStream rawIn;
        private final OutputStream rawOut;
        private final SSLEngine engine;
        /** Bytes read from the socket, not yet unwrapped (write mode: position = end of data). */
        private ByteBuffer netIn;
        /** One wrapped record to send. */
        private ByteBuffer netOut;
        /** Decrypted bytes not yet handed out (write mode). */
        private ByteBuffer appIn;
        /** Plain bytes of a write, to be wrapped. */
        private final ByteBuffer appOut;
        /** What goes to and comes from the socket's streams. */
        private byte[] io;
        private final InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return Stream.this.read(b, off, len);
            }
        };
        private final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Stream.this.write(b, off, len);
            }
        };

        private Stream(Socket socket, SSLEngine engine) throws IOException {
            this.rawIn = socket.getInputStream();
            this.rawOut = socket.getOutputStream();
            this.engine = engine;
            int packet = engine.getSession().getPacketBufferSize();
            int app = engine.getSession().getApplicationBufferSize();
            netIn = ByteBuffer.allocateDirect(packet);
            netOut = ByteBuffer.allocateDirect(packet);
            appIn = ByteBuffer.allocateDirect(app);
            appOut = ByteBuffer.allocateDirect(app);
            io = new byte[packet];
        }

        /** Decrypted input: {@code -1} once the server closed the connection. */
        InputStream in() {
            return in;
        }

        /** Encrypting output: each write goes out as records at once (no buffering to flush). */
        OutputStream out() {
            return out;
        }

        private void handshake() throws IOException {
            engine.beginHandshake();
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            while (hs != SSLEngineResult.HandshakeStatus.FINISHED
                    && hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                switch (hs) {
                    case NEED_WRAP -> hs = wrap(EMPTY).getHandshakeStatus();
                    case NEED_TASK -> hs = runTasks();
                    default -> {
                        SSLEngineResult r = unwrap();
                        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && !fill()) {
                            throw new EOFException("the server closed the connection during the TLS handshake");
                        }
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new EOFException("the server closed TLS during the handshake");
                        }
                        hs = r.getHandshakeStatus();
                    }
                }
            }
        }

        private void write(byte[] b, int off, int len) throws IOException {
            int at = off;
            int end = off + len;
            while (at < end) {
                int n = Math.min(end - at, appOut.capacity());
                appOut.clear();
                appOut.put(b, at, n).flip();
                at += n;
                while (appOut.hasRemaining()) {
                    SSLEngineResult r = wrap(appOut);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new EOFException("TLS is closed");
                    }
                }
            }
        }

        /** Wraps from {@code src} into one record and sends it. */
        private SSLEngineResult wrap(ByteBuffer src) throws IOException {
            while (true) {
                netOut.clear();
                SSLEngineResult r = engine.wrap(src, netOut);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = ByteBuffer.allocateDirect(netOut.capacity() * 2);
                    continue;
                }
                netOut.flip();
                int n = netOut.remaining();
                if (io.length < n) {
                    io = new byte[n];
                }
                netOut.get(io, 0, n);
                rawOut.write(io, 0, n);
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                return r;
            }
        }

        private int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (appIn.position() == 0) {
                SSLEngineResult r = unwrap();
                switch (r.getStatus()) {
                    case CLOSED -> {
                        return -1;
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (!fill()) {
                            return -1;
                        }
                    }
                    default -> {
                        // a record with data, or one without (a session ticket): go on until there is data
                        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                            runTasks();
                        } else if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                            wrap(EMPTY);
                        }
                    }
                }
            }
            appIn.flip();
            int n = Math.min(len, appIn.remaining());
            appIn.get(b, off, n);
            appIn.compact();
            return n;
        }

        /** Unwraps what {@link #netIn} holds into {@link #appIn}, growing it when a record does not fit. */
        private SSLEngineResult unwrap() throws SSLException {
            while (true) {
                netIn.flip();
                SSLEngineResult r;
                try {
                    r = engine.unwrap(netIn, appIn);
                } finally {
                    netIn.compact();
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    ByteBuffer bigger = ByteBuffer.allocateDirect(appIn.capacity() * 2);
                    appIn.flip();
                    bigger.put(appIn);
                    appIn = bigger;
                    continue;
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && !netIn.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocateDirect(netIn.capacity() * 2);
                    netIn.flip();
                    bigger.put(netIn);
                    netIn = bigger;
                }
                return r;
            }
        }

        /** Reads what the socket has (as much as {@link #netIn} has room for) into it; false at the end of the stream. */
        private boolean fill() throws IOException {
            int room = netIn.remaining();
            if (io.length < room) {
                io = new byte[room];
            }
            int n = rawIn.read(io, 0, room);
            if (n < 0) {
                return false;
            }
            netIn.put(io, 0, n);
            return true;
        }

        private SSLEngineResult.HandshakeStatus runTasks() {
            for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                task.run();
            }
            return engine.getHandshakeStatus();
        }
    }
}
