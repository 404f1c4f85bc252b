package io.hayloft.cli.benchmark;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.api.wire.ErrorResponse;
import io.hayloft.api.wire.LookupResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * One benchmark worker's HTTP side: a kept-alive {@link BenchConnection} per server it talks to
 * (masters and volume servers), answers parsed with pre-built Jackson readers. The general
 * {@link io.hayloft.client.HayloftClient} (JDK HTTP client, shared pool, a thread hand-off per
 * request) costs more CPU per call than the servers under test, so the benchmark measured itself;
 * this does what {@code weed benchmark} and the peers' load driver do instead. Not thread-safe: one
 * per worker thread.
 */
final class BenchClient implements AutoCloseable {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final ObjectReader ASSIGN = MAPPER.readerFor(AssignResponse.class);
    private static final ObjectReader ERROR = MAPPER.readerFor(ErrorResponse.class);
    private static final String OCTET_STREAM = "application/octet-stream";

    private static final ObjectReader LOOKUP = MAPPER.readerFor(LookupResponse.class);

    private final List<String> masters;
    private final BenchTls tls;
    private final boolean signedReads;
    private final Map<String, BenchConnection> connections = new HashMap<>();
    private int master;

    /**
     * A worker's client for {@code masters} ({@code host:port}, tried in order on connection failures).
     *
     * @param tls         HTTPS to every server with this context ({@code [tls]}), or null for plain HTTP
     * @param signedReads whether reads need a token ({@code [jwt.signing.read]}): each read first asks a master
     *                    for one ({@code /dir/lookup?fileId=}), as SeaweedFS clients do
     */
    BenchClient(List<String> masters, BenchTls tls, boolean signedReads) {
        HayloftException.checkArgument(!masters.isEmpty(), "at least one master is required");
        this.masters = List.copyOf(masters);
        this.tls = tls;
        this.signedReads = signedReads;
    }

    /** Whether {@link #download} asks a master for a read token first. */
    boolean signedReads() {
        return signedReads;
    }

    /**
     * {@code GET pathAndQuery} ({@code /dir/assign?...}) from a master; the next master is tried when
     * one cannot be reached.
     *
     * @throws HayloftException the master's error (its {@code error} text), UNAVAILABLE when no master answers
     */
    AssignResponse assign(String pathAndQuery) {
        AssignResponse a = fromMaster(pathAndQuery, ASSIGN);
        if (a.fid() == null || a.fid().isEmpty() || a.url() == null || a.url().isEmpty()) {
            throw new HayloftException(ErrorCode.INTERNAL, "assign answer from a master has no fid or url");
        }
        return a;
    }

    /**
     * A token to read {@code fid}, from a master's {@code /dir/lookup?fileId=} ({@code readAuth}).
     *
     * @throws HayloftException the master's error, UNAUTHORIZED when it hands out no read token
     */
    String readToken(FileId fid) {
        LookupResponse l = fromMaster("/dir/lookup?fileId=" + fid, LOOKUP);
        if (l.readAuth() == null || l.readAuth().isEmpty()) {
            throw new HayloftException(ErrorCode.UNAUTHORIZED, "the master handed out no read token for " + fid
                    + ": are reads signed ([jwt.signing.read])?");
        }
        return l.readAuth();
    }

    private <T> T fromMaster(String pathAndQuery, ObjectReader reader) {
        IOException last = null;
        for (int i = 0; i < masters.size(); i++) {
            String address = masters.get(master);
            BenchConnection c = connection(address);
            try {
                int status = c.exchange("GET", pathAndQuery, null, null, 0);
                checkStatus(status, c, address);
                return reader.readValue(c.body(), 0, c.bodyLength());
            } catch (IOException e) {
                last = e;
                master = (master + 1) % masters.size();
            } catch (JacksonException e) {
                throw new HayloftException(ErrorCode.INTERNAL, "unexpected answer from " + address + ": " + c.bodyText());
            }
        }
        throw new HayloftException(ErrorCode.UNAVAILABLE, "no master could be reached (" + String.join(", ", masters)
                + "): " + last.getMessage(), last);
    }

    /**
     * Uploads {@code data[0, length)} as blob {@code fid} (a raw {@code application/octet-stream} body), with
     * the assignment's token as {@code ?jwt=} when writes are signed.
     *
     * @param auth the assignment's {@code auth}, or null
     * @throws HayloftException the server's error, UNAVAILABLE when it cannot be reached
     */
    void upload(String volumeAddress, FileId fid, String auth, byte[] data, int length) {
        BenchConnection c = connection(volumeAddress);
        try {
            String path = auth == null ? "/" + fid : "/" + fid + "?jwt=" + auth;
            checkStatus(c.exchange("POST", path, OCTET_STREAM, data, length), c, volumeAddress);
        } catch (IOException e) {
            throw unreachable(volumeAddress, e);
        }
    }

    /**
     * Reads blob {@code fid} into this client's buffer.
     *
     * @return the connection whose {@link BenchConnection#body()} holds the bytes until the next call
     * @throws HayloftException the server's error (NOT_FOUND for a missing blob), UNAVAILABLE when unreachable
     */
    BenchConnection download(String volumeAddress, FileId fid) {
        String path = signedReads ? "/" + fid + "?jwt=" + readToken(fid) : "/" + fid;
        BenchConnection c = connection(volumeAddress);
        try {
            checkStatus(c.exchange("GET", path, null, null, 0), c, volumeAddress);
            return c;
        } catch (IOException e) {
            throw unreachable(volumeAddress, e);
        }
    }

    private BenchConnection connection(String address) {
        BenchConnection c = connections.get(address);
        if (c == null) {
            c = open(address);
            connections.put(address, c);
        }
        return c;
    }

    private BenchConnection open(String address) {
        String a = address.strip();
        if (a.startsWith("http://")) {
            a = a.substring("http://".length());
        } else if (a.startsWith("https://")) {
            a = a.substring("https://".length());
        }
        int slash = a.indexOf('/');
        if (slash >= 0) {
            a = a.substring(0, slash);
        }
        int colon = a.lastIndexOf(':');
        try {
            return colon < 0 ? new BenchConnection(a, tls == null ? 80 : 443, tls)
                    : new BenchConnection(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1)), tls);
        } catch (NumberFormatException e) {
            throw HayloftException.badRequest("invalid server address '" + address + "'");
        }
    }

    private static void checkStatus(int status, BenchConnection c, String address) {
        if (status >= 200 && status < 300) {
            return;
        }
        String message;
        try {
            ErrorResponse e = ERROR.readValue(c.body(), 0, c.bodyLength());
            message = e == null || e.error() == null ? c.bodyText() : e.error();
        } catch (JacksonException e) {
            message = c.bodyText();
        }
        throw new HayloftException(codeOf(status), message.isBlank() ? "HTTP " + status + " from " + address : message);
    }

    private static ErrorCode codeOf(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404, 410 -> ErrorCode.NOT_FOUND;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 502, 503, 504 -> ErrorCode.UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
        };
    }

    private static HayloftException unreachable(String address, IOException e) {
        return new HayloftException(ErrorCode.UNAVAILABLE, "cannot reach " + address + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }

    /** Closes every connection. */
    @Override
    public void close() {
        connections.values().forEach(BenchConnection::close);
        connections.clear();
    }
}
