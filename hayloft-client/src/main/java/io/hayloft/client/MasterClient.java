package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.api.wire.Endpoint;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.LookupResponse;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.wire.NodeIdResponse;
import io.hayloft.api.wire.PathQuery;
import java.util.List;
import java.util.Optional;

/**
 * The one client of the masters, for every role that calls them: the blob client ({@link HayloftClient}),
 * the volume server (node id, heartbeat, lookup) and the shell. Requests are built from
 * {@link MasterApi}; every call that may go to any master runs under one failover policy
 * ({@link MasterFailover}): the known leader first, the {@code leader} hint of an error body or a
 * redirect followed, the other masters in turn, each attempt bounded, retries decided on the error
 * {@code code} (only UNAVAILABLE is retried; CONFLICT and every other code are final).
 *
 * <p>Thread-safe: share one instance per process role. Blocking: call from virtual threads.
 * Failures are {@link HayloftException}s carrying the server's code and message; a call no master
 * could serve within the retry budget is UNAVAILABLE.
 */
public final class MasterClient implements AutoCloseable {
    private final AutoCloseable transport;
    private final boolean ownsTransport;
    private final Json json;
    private final MasterFailover failover;
    private final MasterClientConfig config;

    MasterClient(MasterClientConfig config, Transport transport, boolean ownsTransport, Json json) {
        this(config, new JdkMasterTransport(transport), transport, ownsTransport, json);
    }

    private MasterClient(MasterClientConfig config, MasterTransport sender, AutoCloseable transport,
                         boolean ownsTransport, Json json) {
        this.config = config;
        this.transport = transport;
        this.ownsTransport = ownsTransport;
        this.json = json;
        this.failover = new MasterFailover(config, sender, json);
    }

    /** A client on the JDK's HTTP client, with its own connection pool; close it to release the pool. */
    public static MasterClient create(MasterClientConfig config) {
        return new MasterClient(config, new Transport(config.connectTimeout(), config.attemptTimeout()), true,
                new Json());
    }

    /**
     * A client that sends through {@code transport} (a server role's Vert.x client), with this class's
     * failover policy; closing it leaves {@code transport} to its owner.
     */
    public static MasterClient create(MasterClientConfig config, MasterTransport transport) {
        return new MasterClient(config, transport, () -> { }, false, new Json());
    }

    /** This client's settings. */
    public MasterClientConfig config() {
        return config;
    }

    /**
     * Reserves file ids ({@link MasterApi#ASSIGN}).
     *
     * @throws HayloftException NOT_ACCEPTABLE when no volume can take the write, BAD_REQUEST for
     *                          parameters the master rejects, UNAVAILABLE when no master can answer
     */
    public AssignResponse assign(AssignRequest request) {
        HayloftException.checkArgument(request != null, "assign request is required");
        Reply reply = failover.call(Endpoint.Method.GET, request.toQuery(), null);
        AssignResponse a = json.read(reply, AssignResponse.class);
        if (a.fid() == null || a.fid().isEmpty() || a.url() == null || a.url().isEmpty()) {
            throw new HayloftException(ErrorCode.INTERNAL, "assign answer from " + reply.uri() + " has no fid or url");
        }
        return a;
    }

    /**
     * Where volume {@code volume} lives ({@link MasterApi#LOOKUP}), from the master, uncached.
     *
     * @return the locations, never empty
     * @throws HayloftException NOT_FOUND when no master knows a location, UNAVAILABLE when none answers
     */
    public LookupResponse lookup(VolumeId volume) {
        return lookup(MasterApi.LOOKUP.query().param(MasterApi.VOLUME_ID, volume), volume);
    }

    /**
     * Where {@code fid}'s volume lives, with the tokens the master hands this caller for it when writes or
     * reads are signed ({@link LookupResponse#auth()}: delete, {@link LookupResponse#readAuth()}: read).
     * Uncached.
     *
     * @throws HayloftException as {@link #lookup(VolumeId)}
     */
    public LookupResponse lookup(FileId fid) {
        HayloftException.checkArgument(fid != null, "file id is required");
        return lookup(MasterApi.LOOKUP.query().param(MasterApi.FILE_ID, fid), fid.volumeId());
    }

    private LookupResponse lookup(PathQuery query, VolumeId volume) {
        HayloftException.checkArgument(volume != null, "volume id is required");
        Reply reply = failover.call(Endpoint.Method.GET, query, null);
        LookupResponse r = json.read(reply, LookupResponse.class);
        if (r.locations() == null || r.locations().isEmpty()) {
            throw HayloftException.notFound("volume " + volume + " has no locations");
        }
        return r;
    }

    /**
     * A new node id for the volume server at {@code address} ({@link MasterApi#NODE_ID}, leader).
     *
     * @param address the server's {@code ip:port}
     * @throws HayloftException BAD_REQUEST for an address the master refuses, UNAVAILABLE when no master answers
     */
    public long nodeId(String address) {
        Reply reply = failover.call(Endpoint.Method.POST, MasterApi.NODE_ID.query().param(MasterApi.ADDRESS, address),
                null);
        return json.read(reply, NodeIdResponse.class).nodeId();
    }

    /**
     * Sends {@code heartbeat} to exactly {@code master} ({@link MasterApi#HEARTBEAT}), no failover: a
     * volume server beats to every master itself. Notes the leader the answer names.
     *
     * @throws HayloftException the master's error, or UNAVAILABLE when it cannot be reached in time
     */
    public HeartbeatResponse heartbeat(String master, Heartbeat heartbeat) {
        Reply reply = failover.callAt(master, Endpoint.Method.POST, MasterApi.heartbeat(heartbeat),
                json.write(heartbeat));
        HeartbeatResponse answer = json.read(reply, HeartbeatResponse.class);
        if (answer.leader() != null && !answer.leader().isBlank()) {
            failover.noteLeader(answer.leader());
        }
        return answer;
    }

    /**
     * Calls {@code request} on whichever master serves it, under the failover policy, and reads the
     * answer as {@code type} (e.g. {@code JsonNode}).
     *
     * @param method   one of the methods {@code request}'s endpoint answers
     * @param jsonBody a JSON body, or null for none
     * @throws HayloftException the master's error with its code, or UNAVAILABLE when no master could serve it
     */
    public <T> T call(Endpoint.Method method, PathQuery request, byte[] jsonBody, Class<T> type) {
        checkMethod(method, request);
        return json.read(failover.call(method, request, jsonBody), type);
    }

    /** {@code GET} of {@code request} under the failover policy; see {@link #call}. */
    public <T> T get(PathQuery request, Class<T> type) {
        return call(Endpoint.Method.GET, request, null, type);
    }

    /** {@code POST} (no body) of {@code request} under the failover policy; see {@link #call}. */
    public <T> T post(PathQuery request, Class<T> type) {
        return call(Endpoint.Method.POST, request, null, type);
    }

    /**
     * Calls {@code request} on exactly {@code server} (one master, or another role's server), once:
     * for questions about that server itself ({@code /cluster/status} of each master, {@code /status}
     * of a volume server).
     *
     * @throws HayloftException the server's error with its code, or UNAVAILABLE when it cannot be reached
     */
    public <T> T callAt(String server, Endpoint.Method method, PathQuery request, Class<T> type) {
        checkMethod(method, request);
        return json.read(failover.callAt(server, method, request, null), type);
    }

    /** The master last known to lead (from a hint, a heartbeat answer or a successful leader-only call). */
    public Optional<String> leader() {
        return failover.leader();
    }

    /** Notes {@code master} ({@code host:port}) as the leader: the next call tries it first. */
    public void noteLeader(String master) {
        failover.noteLeader(master);
    }

    /** The masters calls rotate over: the configured ones, then any announced by the group. */
    public List<String> masters() {
        return failover.masters();
    }

    /**
     * Adds the members the group announced (a heartbeat answer's {@code masters}) to the rotation and
     * drops announced ones no longer listed; the configured masters always stay.
     */
    public void follow(List<String> announced) {
        failover.follow(announced);
    }

    /** Releases the connection pool when this client owns it. */
    @Override
    public void close() {
        if (ownsTransport) {
            try {
                transport.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the master client's transport", e);
            }
        }
    }

    private static void checkMethod(Endpoint.Method method, PathQuery request) {
        if (!request.endpoint().allows(method)) {
            throw new IllegalArgumentException(request.endpoint().path() + " does not answer " + method);
        }
    }
}
