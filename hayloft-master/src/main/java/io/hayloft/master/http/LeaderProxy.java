package io.hayloft.master.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.http.PeerClient;
import io.hayloft.master.raft.Leadership;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets every master answer leader-only calls: on a follower it sends the request (method, path,
 * query, Content-Type and body) to the leader and passes the leader's status, headers that matter
 * and body back unchanged. One hop only: a request already forwarded by another master is never
 * forwarded again, so two masters that disagree about the leader cannot bounce a request.
 *
 * <pre>
 *   client ─► follower ──{@value #FORWARDED_BY}: follower──► leader ─► answer ─► follower ─► client
 * </pre>
 *
 * <p>Thread-safe. {@link #forward} blocks on the leader: call it from a virtual thread.
 */
final class LeaderProxy {
    /** Marks a request a master forwarded; its value is the forwarding master's address. */
    static final String FORWARDED_BY = "X-Hayloft-Forwarded-By";
    private static final List<String> PASSED_BACK = List.of("Content-Type", "Retry-After", "Location", "ETag");

    private final Leadership leadership;
    private final PeerClient peers;

    /**
     * @param leadership who leads, and this master's address (sent in {@value #FORWARDED_BY})
     * @param peers      the client for the call to the leader
     */
    LeaderProxy(Leadership leadership, PeerClient peers) {
        this.leadership = leadership;
        this.peers = peers;
    }

    /**
     * Serves {@code ctx} through the leader when this master does not lead.
     *
     * @param body the request body already read, or null for none
     * @return false when this master leads (the caller serves the request itself); true when the
     *         leader's answer has been sent
     * @throws HayloftException {@code UNAVAILABLE} (503 with Retry-After) when no leader is known,
     *                          the leader cannot be reached, or the request was already forwarded
     */
    boolean forward(RoutingContext ctx, Buffer body) {
        if (leadership.isLeader()) {
            return false;
        }
        String self = leadership.selfHttpAddress();
        String forwardedBy = ctx.request().getHeader(FORWARDED_BY);
        if (forwardedBy != null) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "not the leader (request forwarded by " + forwardedBy
                    + "); leadership is changing, retry shortly");
        }
        String leader = leadership.leaderHttpAddress()
                .orElseThrow(() -> new HayloftException(ErrorCode.UNAVAILABLE, "no leader elected yet; retry shortly"));
        if (leader.equals(self)) {
            // elected but not yet ready to serve writes
            throw new HayloftException(ErrorCode.UNAVAILABLE, "this master is becoming the leader; retry shortly");
        }
        Map<String, String> headers = new HashMap<>();
        headers.put(FORWARDED_BY, self);
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        PeerClient.Response answer;
        try {
            answer = peers.call(ctx.request().method(), "http://" + leader + ctx.request().uri(), headers,
                    body == null || body.length() == 0 ? null : body);
        } catch (HayloftException e) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "the leader " + leader + " cannot be reached: "
                    + e.getMessage(), e, leader);
        }
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return true;
        }
        response.setStatusCode(answer.status());
        for (String name : PASSED_BACK) {
            String value = answer.headers().get(name);
            if (value != null) {
                response.putHeader(name, value);
            }
        }
        response.end(answer.body());
        return true;
    }
}
