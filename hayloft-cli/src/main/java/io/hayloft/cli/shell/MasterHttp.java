package io.hayloft.cli.shell;

import io.hayloft.api.wire.HttpTransport;
import io.hayloft.client.MasterTransport;
import io.hayloft.security.SecurityConfig;

import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.Endpoint;
import io.hayloft.api.wire.PathQuery;
import io.hayloft.client.ClientConfig;
import io.hayloft.client.MasterClient;
import io.hayloft.client.MasterClientConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * JSON calls from the shell to the masters (and single calls to volume servers), over hayloft-client's
 * {@link MasterClient}: requests are built from {@code MasterApi} / {@code VolumeApi}, and each call
 * to "the masters" runs under the one failover policy (leader first, {@code leader} hints followed,
 * other masters in turn, only UNAVAILABLE retried) for at most {@code patience}. Any other error is
 * final and becomes a {@link HayloftException} carrying the server's code and text. Blocking;
 * thread-safe. Close it to release its connections.
 */
public final class MasterHttp implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration MAX_ROUND_PAUSE = Duration.ofMillis(300);

    private final List<String> masters;
    private final MasterClient client;
    /** The transport this owns when calls carry the internal token, else null. */
    private final HttpTransport transport;

    /**
     * @param masters  {@code host:port} of one or more masters
     * @param patience how long to keep retrying while no master can serve the call
     * @param clock    time source for the retry deadline
     */
    public MasterHttp(List<String> masters, Duration patience, Clock clock) {
        this(masters, patience, clock, SecurityConfig.NONE);
    }

    /**
     * As {@link #MasterHttp(List, Duration, Clock)}, every call carrying {@code security}'s internal token when it
     * has an internal key (admin calls on masters and volume servers ask for it).
     */
    public MasterHttp(List<String> masters, Duration patience, Clock clock, SecurityConfig security) {
        if (masters.isEmpty()) {
            throw new ShellUsageException("-master needs at least one host:port");
        }
        this.masters = List.copyOf(masters);
        MasterClientConfig config = new MasterClientConfig(this.masters, ClientConfig.DEFAULT_CONNECT_TIMEOUT,
                REQUEST_TIMEOUT, patience, MAX_ROUND_PAUSE, clock);
        if (!security.isOff()) {
            this.transport = io.hayloft.client.SecureTransports.jdk(ClientConfig.DEFAULT_CONNECT_TIMEOUT, security);
            this.client = MasterClient.create(config, MasterTransport.over(transport));
        } else {
            this.transport = null;
            this.client = MasterClient.create(config);
        }
    }

    /** The masters as given. */
    public List<String> masters() {
        return masters;
    }

    /** {@code GET request} on the first master that can serve it. */
    public JsonNode get(PathQuery request) {
        return client.get(request, JsonNode.class);
    }

    /** {@code POST request} (empty body) on the first master that can serve it. */
    public JsonNode post(PathQuery request) {
        return client.post(request, JsonNode.class);
    }

    /**
     * {@code POST request} (empty body) once, without the failover's retries: on the master last known to lead,
     * else on master {@code turn} (modulo their number; a follower forwards it to the leader). For calls that must
     * not be repeated blindly ({@link ApplyRetry}).
     *
     * @throws HayloftException the master's error, or {@code UNAVAILABLE} when it cannot be reached
     */
    public JsonNode postOnce(PathQuery request, int turn) {
        String target = turn == 0 ? client.leader().orElse(masters.getFirst()) : masters.get(turn % masters.size());
        return client.callAt(target, Endpoint.Method.POST, request, JsonNode.class);
    }

    /**
     * {@code GET request} on exactly {@code server} (a master or a volume server), no retry.
     *
     * @throws HayloftException the server's error, or {@code UNAVAILABLE} when it cannot be reached
     */
    public JsonNode getFrom(String server, PathQuery request) {
        return client.callAt(server, Endpoint.Method.GET, request, JsonNode.class);
    }

    /**
     * {@code POST request} (empty body) on exactly {@code server} (a master or a volume server), no retry.
     *
     * @throws HayloftException the server's error, or {@code UNAVAILABLE} when it cannot be reached
     */
    public JsonNode postTo(String server, PathQuery request) {
        return client.callAt(server, Endpoint.Method.POST, request, JsonNode.class);
    }

    /** Releases the connections. */
    @Override
    public void close() {
        client.close();
        if (transport != null) {
            transport.close();
        }
    }
}
