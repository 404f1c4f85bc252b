package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.security.SecurityConfig;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.api.wire.DeleteResponse;
import io.hayloft.api.wire.Location;
import io.hayloft.api.wire.LookupResponse;
import io.hayloft.api.wire.SubmitResponse;
import io.hayloft.api.wire.UploadResponse;
import io.hayloft.api.wire.VolumeApi;
import java.io.OutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import io.hayloft.api.wire.HttpTransport;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A Hayloft cluster as seen from an application: assign, upload, look up, download and delete blobs.
 *
 * <p>Thread-safe: share one instance; it pools connections (HTTP/1.1 keep-alive). How its bytes travel
 * is an {@link HttpTransport}: the JDK's client on virtual threads ({@link #create(ClientConfig)}), or a
 * server's Vert.x one ({@link #create(ClientConfig, HttpTransport)}: the filer's chunk I/O). Every method blocks the calling thread until it has an answer,
 * so call it from virtual threads for concurrency. Close it to release connections.
 *
 * <p>Every failure is an unchecked {@link HayloftException}: its {@link ErrorCode} is the one the
 * server put in the error body's {@code code} (so a 409 is told apart: CONFLICT or VOLUME_NOT_WRITABLE);
 * only an answer without one (SeaweedFS, a proxy) falls back on the HTTP status (404 NOT_FOUND,
 * 406 NOT_ACCEPTABLE, 409 CONFLICT, 413 PAYLOAD_TOO_LARGE, 503 UNAVAILABLE, other 4xx BAD_REQUEST,
 * 5xx INTERNAL). Its message carries the server's {@code error} text; a server that cannot be
 * reached is UNAVAILABLE.
 *
 * <p>Signed writes ({@code security.toml}): an upload after an assignment sends the assignment's
 * {@code auth} token ({@link #put}, {@link #uploadFile}; the {@code upload} methods take it). A delete or
 * read a volume server refuses with UNAUTHORIZED is tried once more with the token a {@code fileId=} lookup
 * hands out ({@link MasterClient#lookup(FileId)}), so callers need not know whether the cluster signs.
 */
public final class HayloftClient implements AutoCloseable {
    /** Uploads through {@link #put} and {@link #uploadFile} try this many fresh assignments. */
    private static final int PUT_ATTEMPTS = 3;

    private final ClientConfig config;
    private final HttpTransport transport;
    private final boolean ownsTransport;
    private final Json json = new Json();
    private final MasterClient masters;
    private final LookupCache lookups;
    private final LocationFailover locations;
    private final EcReadRouting ecRouting;

    private HayloftClient(ClientConfig config, HttpTransport transport, boolean ownsTransport) {
        this.config = config;
        this.transport = transport;
        this.ownsTransport = ownsTransport;
        this.masters = MasterClient.create(MasterClientConfig.of(config), MasterTransport.over(transport));
        this.lookups = new LookupCache(config.clock(), config.lookupCacheTtl());
        this.ecRouting = new EcReadRouting(transport, json, config.clock(), config.requestTimeout(), this::addressOf);
        this.locations = new LocationFailover(this::readLocations, lookups, config.usePublicUrl());
    }

    /**
     * A client for the cluster {@code config} describes, on the JDK's HTTP client with its own connection
     * pool. Opens no connection until the first call.
     */
    public static HayloftClient create(ClientConfig config) {
        return new HayloftClient(config, new JdkHttpTransport(config.connectTimeout()), true);
    }

    /**
     * {@link #create(ClientConfig)} for a process that holds {@code security.toml}: every call carries the cluster's
     * internal token when it has an internal key (so that lookups hand this client delete tokens, and admin calls
     * pass), and goes over HTTPS trusting the cluster's CA with {@code [tls]}.
     */
    public static HayloftClient create(ClientConfig config, SecurityConfig security) {
        return new HayloftClient(config, SecureTransports.jdk(config.connectTimeout(), security), true);
    }

    /**
     * A client that sends every call, to masters and volume servers, through {@code transport} (a
     * server's Vert.x one: the filer's calls to other roles); closing it leaves {@code transport} to its
     * owner.
     */
    public static HayloftClient create(ClientConfig config, HttpTransport transport) {
        return new HayloftClient(config, transport, false);
    }

    /** A client with default settings for masters {@code "host:port"}, tried in order. */
    public static HayloftClient connect(String... masters) {
        return create(ClientConfig.defaults(List.of(masters)));
    }

    /** This client's settings. */
    public ClientConfig config() {
        return config;
    }

    /** The client of the masters this client uses (same connections, same failover), for other master calls. */
    public MasterClient masters() {
        return masters;
    }

    /**
     * Reserves {@code request.count()} file ids on a writable volume ({@code /dir/assign}), through
     * {@link MasterClient}'s failover.
     *
     * @return the first fid and the volume server to write it to
     * @throws HayloftException NOT_ACCEPTABLE when no volume can take the write (e.g. "No free volumes
     *                          left!"), BAD_REQUEST for parameters the master rejects, UNAVAILABLE when no
     *                          master answers
     */
    public AssignResponse assign(AssignRequest request) {
        return masters.assign(request);
    }

    /**
     * Writes {@code data} as blob {@code fid} on the volume server at {@code volumeUrl}, as a
     * {@code multipart/form-data} body with one {@code file} part (as SeaweedFS clients send it).
     *
     * @param volumeUrl {@code host:port} from {@link #assign} (or a full {@code http://} base URL)
     * @param fileName  name stored with the blob, or null
     * @param mime      MIME type stored with the blob, or null for {@code application/octet-stream}
     * @return the stored name, size and eTag
     * @throws HayloftException PAYLOAD_TOO_LARGE above the server's file size limit, VOLUME_NOT_WRITABLE when the
     *                          volume is full or read-only, CONFLICT when the key holds another cookie, NOT_FOUND for an unknown volume, UNAVAILABLE
     *                          when the server cannot be reached
     */
    public UploadResponse upload(String volumeUrl, FileId fid, byte[] data, String fileName, String mime) {
        return upload(volumeUrl, fid, null, data, fileName, mime);
    }

    /**
     * {@link #upload(String, FileId, byte[], String, String)} with the assignment's token ({@link AssignResponse#auth()},
     * null when writes are not signed), sent as {@code Authorization: Bearer}.
     *
     * @throws HayloftException UNAUTHORIZED when the volume server asks for a token and {@code auth} is not one for
     *                          {@code fid}; otherwise as {@link #upload(String, FileId, byte[], String, String)}
     */
    public UploadResponse upload(String volumeUrl, FileId fid, String auth, byte[] data, String fileName, String mime) {
        return upload(volumeUrl, fid, MultipartBody.of(data, fileName, mime), null, auth);
    }

    /**
     * {@link #upload(String, FileId, byte[], String, String)} as a raw body instead: {@code Content-Type}
     * {@code mime}, {@code Content-Disposition} filename {@code fileName}, the bytes streamed straight from
     * {@code data} without copying it (the JDK's byte-array publisher and the multipart body copy it
     * whole), so a caller holding a chunk holds it once. The filer writes its chunks this way.
     */
    public UploadResponse uploadRaw(String volumeUrl, FileId fid, byte[] data, String fileName, String mime) {
        return uploadRaw(volumeUrl, fid, null, data, fileName, mime);
    }

    /** {@link #uploadRaw(String, FileId, byte[], String, String)} with the assignment's token (null: none). */
    public UploadResponse uploadRaw(String volumeUrl, FileId fid, String auth, byte[] data, String fileName,
                                    String mime) {
        RawBody body = RawBody.of(data, fileName, mime);
        return upload(volumeUrl, fid, body.contentType(), body.disposition(), body.body(), null, auth);
    }

    /**
     * Streams {@code file} as blob {@code fid} to the volume server at {@code volumeUrl}, without
     * loading it into memory. Fails as {@link #upload(String, FileId, byte[], String, String)};
     * NOT_FOUND when {@code file} cannot be read.
     *
     * @param fileName name stored with the blob, or null for {@code file}'s own name
     * @return the stored name, size and eTag
     */
    public UploadResponse upload(String volumeUrl, FileId fid, Path file, String fileName, String mime) {
        return upload(volumeUrl, fid, MultipartBody.of(file, nameOf(file, fileName), mime), null, null);
    }

    /**
     * Assigns a fid and uploads {@code data} to it. An upload the volume server refuses as
     * unavailable or not writable (full, read-only: code {@code VOLUME_NOT_WRITABLE}) is retried with a
     * fresh assignment, twice; a {@code CONFLICT} (the fresh fid's key is taken) is thrown at once.
     *
     * @return the fid, file name, {@code fileUrl} ({@code publicUrl/fid}), size and eTag
     * @throws HayloftException as {@link #assign} and {@link #upload(String, FileId, byte[], String, String)}
     */
    public SubmitResponse put(byte[] data, String fileName, String mime, AssignRequest request) {
        return assignAndUpload(request, fileName, () -> MultipartBody.of(data, fileName, mime));
    }

    /**
     * Assigns a fid and streams {@code file} to it, stored under the file's own name with the MIME
     * type the platform guesses from it. Retries as {@link #put}.
     *
     * @return the fid, file name, {@code fileUrl} ({@code publicUrl/fid}), size and eTag
     * @throws HayloftException NOT_FOUND when {@code file} cannot be read, otherwise as {@link #put}
     */
    public SubmitResponse uploadFile(Path file, AssignRequest request) {
        HayloftException.checkArgument(file != null, "file is required");
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw HayloftException.notFound("cannot read " + file + ": not a readable file");
        }
        String name = nameOf(file, null);
        String mime = probeMime(file);
        return assignAndUpload(request, name, () -> MultipartBody.of(file, name, mime));
    }

    /**
     * Where volume {@code volume} lives ({@code /dir/lookup}), from a short-lived cache when possible.
     *
     * @return the volume's locations, never empty
     * @throws HayloftException NOT_FOUND when the master knows no location of the volume,
     *                          UNAVAILABLE when no master answers
     */
    public LookupResponse lookup(VolumeId volume) {
        HayloftException.checkArgument(volume != null, "volume id is required");
        return lookups.get(volume, this::lookupAtMaster);
    }

    /**
     * Where to read blob {@code fid}, best first: its volume's locations; for an erasure-coded volume the
     * servers holding the shard its needle lies in come first (one local disk read there), found through
     * the volume's shard map ({@code GET /ec/shardmap}, fetched from a holder and kept ten minutes).
     * Blocking on a cache miss.
     *
     * @return never empty
     * @throws HayloftException as {@link #lookup}
     */
    public List<Location> readLocations(FileId fid) {
        HayloftException.checkArgument(fid != null, "file id is required");
        return ecRouting.order(fid, lookup(fid.volumeId()));
    }

    /**
     * Reads blob {@code fid} whole into memory, trying each location of its volume in turn.
     *
     * @return the blob's bytes
     * @throws HayloftException NOT_FOUND when the blob does not exist (or was deleted, or expired),
     *                          UNAVAILABLE when no location could be reached
     */
    public byte[] download(FileId fid) {
        return signed(fid, false, token -> locations.call(fid, uri -> {
            URI at = withToken(uri, token);
            HttpTransport.Answer a = transport.send(HttpTransport.Request.of("GET", at, config.requestTimeout()));
            if (!a.ok()) {
                throw Reply.failure(json, at, a.status(), a.body());
            }
            return a.body();
        }));
    }

    /**
     * Streams blob {@code fid} into {@code out}, trying each location of its volume until one
     * answers 200. Once bytes flow, a broken transfer fails the call (part of the blob may already be
     * in {@code out}); {@code out} is not closed.
     *
     * @return the blob's stored name, MIME type, size and eTag
     * @throws HayloftException as {@link #download(FileId)}; UNAVAILABLE also when the transfer breaks
     * @throws UncheckedIOException when writing to {@code out} fails
     */
    public BlobInfo download(FileId fid, OutputStream out) {
        HayloftException.checkArgument(out != null, "output stream is required");
        return signed(fid, false, token -> locations.call(fid,
                uri -> BlobStream.copy(transport, config.requestTimeout(), json, withToken(uri, token), out)));
    }

    /**
     * Streams bytes {@code [offset, offset + length)} of blob {@code fid} into {@code out} with an HTTP
     * {@code Range} request, trying each location of its volume until one answers. A server that ignores
     * the range and answers 200 is handled too (the bytes before {@code offset} are skipped). Once bytes
     * flow, a broken transfer fails the call; {@code out} is not closed.
     *
     * @param length how many bytes, at least 1; the range must lie inside the blob
     * @return the blob's stored name, MIME type and eTag, with the number of bytes copied as its size
     * @throws HayloftException as {@link #download(FileId)}; BAD_REQUEST when the range is not inside the
     *                          blob (416)
     * @throws UncheckedIOException when writing to {@code out} fails
     */
    public BlobInfo download(FileId fid, long offset, long length, OutputStream out) {
        HayloftException.checkArgument(out != null, "output stream is required");
        HayloftException.checkArgument(offset >= 0 && length >= 1 && offset + length > offset,
                "range must start at 0 or later and hold at least 1 byte, got offset " + offset + " length " + length);
        return signed(fid, false, token -> locations.call(fid, uri -> BlobStream.copyRange(transport,
                config.requestTimeout(), json, withToken(uri, token), offset, length, out)));
    }

    /**
     * Deletes blob {@code fid} at the first reachable location of its volume; that server removes
     * the replicas.
     *
     * @return the size of the deleted data, in bytes
     * @throws HayloftException NOT_FOUND when the blob does not exist, UNAVAILABLE when no location
     *                          could be reached
     */
    public long delete(FileId fid) {
        return signed(fid, true, token -> locations.call(fid, uri -> {
            Map<String, String> headers = token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
            HttpTransport.Answer a = transport.send(new HttpTransport.Request("DELETE", uri, headers, null,
                    config.requestTimeout()));
            if (!a.ok()) {
                throw Reply.failure(json, uri, a.status(), a.body());
            }
            return a.body().length == 0 ? 0 : json.read(uri, a.body(), DeleteResponse.class).size();
        }));
    }

    /**
     * {@code call} without a token; when a volume server answers UNAUTHORIZED (it signs writes, or reads), once
     * more with the token a {@code fileId=} lookup hands out ({@code auth} to delete, {@code readAuth} to read).
     * A lookup that hands out none leaves the refusal as it was.
     */
    private <T> T signed(FileId fid, boolean write, java.util.function.Function<String, T> call) {
        try {
            return call.apply(null);
        } catch (HayloftException e) {
            if (e.code() != ErrorCode.UNAUTHORIZED) {
                throw e;
            }
            LookupResponse granted = masters.lookup(fid);
            String token = write ? granted.auth() : granted.readAuth();
            if (token == null) {
                throw e;
            }
            return call.apply(token);
        }
    }

    /** {@code uri} with {@code ?jwt=token} (a read token goes in the URL so that streamed reads need no header). */
    private static URI withToken(URI uri, String token) {
        if (token == null) {
            return uri;
        }
        String s = uri.toString();
        return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + "jwt=" + token);
    }

    private String addressOf(Location location) {
        boolean hasPublic = location.publicUrl() != null && !location.publicUrl().isEmpty();
        return config.usePublicUrl() && hasPublic ? location.publicUrl() : location.url();
    }

    /** Closes pooled connections and the client's threads when it owns them. Calls in flight fail. */
    @Override
    public void close() {
        masters.close();
        if (ownsTransport) {
            transport.close();
        }
    }

    private SubmitResponse assignAndUpload(AssignRequest request, String fileName, Supplier<MultipartBody> body) {
        HayloftException.checkArgument(request != null, "assign request is required");
        HayloftException last = null;
        for (int attempt = 0; attempt < PUT_ATTEMPTS; attempt++) {
            AssignResponse a = assign(request);
            FileId fid = FileId.parse(a.fid());
            try {
                UploadResponse u = upload(a.url(), fid, body.get(), request.effectiveTtl(), a.auth());
                String publicUrl = a.publicUrl() == null || a.publicUrl().isEmpty() ? a.url() : a.publicUrl();
                String name = u.name() == null || u.name().isEmpty() ? fileName : u.name();
                return new SubmitResponse(name, a.fid(), publicUrl + "/" + a.fid(), u.size(), u.eTag());
            } catch (HayloftException e) {
                // a full or read-only volume, or a server away: another fid elsewhere may do. A CONFLICT on
                // a fresh fid means its key was handed out twice: that must surface, never be retried away
                if (e.code() != ErrorCode.UNAVAILABLE && e.code() != ErrorCode.VOLUME_NOT_WRITABLE) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private UploadResponse upload(String volumeUrl, FileId fid, MultipartBody body, Ttl ttl, String auth) {
        return upload(volumeUrl, fid, body.contentType(), null, body.body(), ttl, auth);
    }

    private UploadResponse upload(String volumeUrl, FileId fid, String contentType, String disposition,
                                  HttpTransport.Body body, Ttl ttl, String auth) {
        HayloftException.checkArgument(fid != null, "file id is required");
        URI uri = Endpoints.uri(volumeUrl, VolumeApi.BLOB.at(fid.toString()).paramIfSet(VolumeApi.TTL, ttl));
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("Content-Type", contentType);
        if (disposition != null) {
            headers.put("Content-Disposition", disposition);
        }
        if (auth != null) {
            headers.put("Authorization", "Bearer " + auth);
        }
        HttpTransport.Answer a = transport.send(new HttpTransport.Request("POST", uri, headers, body,
                config.requestTimeout()));
        if (!a.ok()) {
            throw Reply.failure(json, uri, a.status(), a.body());
        }
        return json.read(uri, a.body(), UploadResponse.class);
    }

    private LookupResponse lookupAtMaster(VolumeId volume) {
        return masters.lookup(volume);
    }

    private static String nameOf(Path file, String fileName) {
        if (fileName != null) {
            return fileName;
        }
        Path name = file.getFileName();
        return name == null ? null : name.toString();
    }

    private static String probeMime(Path file) {
        try {
            return Files.probeContentType(file);
        } catch (IOException e) {
            return null;
        }
    }
}
