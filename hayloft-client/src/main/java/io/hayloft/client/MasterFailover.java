package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.Endpoint;
import io.hayloft.api.wire.PathQuery;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The failover policy of {@link MasterClient}, the only one in Hayloft:
 * <ol>
 *   <li>A round tries the known leader first, then the master that answered last, then the other
 *       masters (configured, then announced) in turn; each attempt is bounded by the attempt timeout.</li>
 *   <li>An answer is decided on its error {@code code} (the body's, else the status's): success ends
 *       the call; UNAVAILABLE (unreachable, timed out, 503 no leader) moves on; any other code ends
 *       the call with that failure: a CONFLICT is never retried, nor is a 4xx or an INTERNAL.</li>
 *   <li>A {@code leader} hint in an error body, or a redirect to the same path on another master, is
 *       tried next (once per round) and remembered, even when it is not in the {@code -master} list.</li>
 *   <li>After a round without an answer it pauses (the server's {@code Retry-After}, or a doubling
 *       pause, capped) and goes again while the retry budget lasts; the first round always tries
 *       every master.</li>
 * </ol>
 * A retried POST may reach a master twice only when an attempt timed out after the master took it;
 * the calls that go through here (assign, node id, maintenance plans) tolerate that. Thread-safe.
 */
final class MasterFailover {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final MasterClientConfig config;
    private final MasterTransport transport;
    private final Json json;
    private final AtomicReference<String> leader = new AtomicReference<>();
    private final AtomicReference<String> lastGood = new AtomicReference<>();
    private volatile List<String> members;

    MasterFailover(MasterClientConfig config, MasterTransport transport, Json json) {
        this.config = config;
        this.transport = transport;
        this.json = json;
        this.members = config.masters();
    }

    /**
     * {@code request} on whichever master serves it.
     *
     * @return a 2xx answer
     * @throws HayloftException the final failure, or UNAVAILABLE when the budget ran out
     */
    Reply call(Endpoint.Method method, PathQuery request, byte[] body) {
        Instant deadline = config.clock().instant().plus(config.retryBudget());
        Duration pause = FIRST_PAUSE;
        List<String> failures = new ArrayList<>();
        while (true) {
            failures.clear();
            Duration suggested = null;
            Deque<String> order = order();
            Set<String> tried = new HashSet<>();
            while (!order.isEmpty()) {
                String master = order.poll();
                if (!tried.add(master)) {
                    continue;
                }
                Reply reply;
                try {
                    reply = send(request.uri(master), method, body);
                } catch (HayloftException e) {
                    failures.add(e.getMessage());
                    forgetLeader(master);
                    continue;
                } catch (IllegalArgumentException e) {
                    throw HayloftException.badRequest("invalid master address '" + master + "': " + e.getMessage());
                }
                if (reply.isSuccess()) {
                    lastGood.set(master);
                    return reply;
                }
                Optional<String> redirect = redirectTarget(reply, request);
                if (redirect.isPresent()) {
                    failures.add(master + " redirected to " + redirect.get());
                    noteLeader(redirect.get());
                    order.addFirst(redirect.get());
                    continue;
                }
                HayloftException failure = reply.toException(json);
                failure.leader().filter(l -> !l.equals(master)).ifPresent(hint -> {
                    noteLeader(hint);
                    order.addFirst(hint);
                });
                if (failure.code() != ErrorCode.UNAVAILABLE) {
                    throw failure;
                }
                failures.add(failure.getMessage());
                forgetLeader(master);
                suggested = reply.retryAfter().orElse(suggested);
            }
            Duration wait = min(suggested == null ? pause : suggested, config.maxPause());
            if (!config.clock().instant().plus(wait).isBefore(deadline)) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "no master could answer " + method + " "
                        + request.endpoint().path() + " (" + String.join(", ", members) + "): "
                        + String.join("; ", failures));
            }
            pauseFor(wait);
            pause = min(pause.multipliedBy(2), config.maxPause());
        }
    }

    /**
     * {@code request} on exactly {@code server}, once.
     *
     * @return a 2xx answer
     * @throws HayloftException its error with its code, or UNAVAILABLE when it cannot be reached
     */
    Reply callAt(String server, Endpoint.Method method, PathQuery request, byte[] body) {
        Reply reply;
        try {
            reply = send(request.uri(server), method, body);
        } catch (IllegalArgumentException e) {
            throw HayloftException.badRequest("invalid server address '" + server + "': " + e.getMessage());
        }
        if (!reply.isSuccess()) {
            throw reply.toException(json);
        }
        return reply;
    }

    Optional<String> leader() {
        return Optional.ofNullable(leader.get());
    }

    void noteLeader(String master) {
        if (master != null && !master.isBlank()) {
            leader.set(master.strip());
        }
    }

    List<String> masters() {
        return members;
    }

    void follow(List<String> announced) {
        if (announced == null || announced.isEmpty()) {
            return;
        }
        List<String> next = new ArrayList<>(config.masters());
        announced.stream().filter(m -> m != null && !m.isBlank() && !next.contains(m)).forEach(next::add);
        members = List.copyOf(next);
    }

    /** The leader, then the master that answered last, then the others from there on. */
    private Deque<String> order() {
        List<String> all = members;
        Deque<String> order = new ArrayDeque<>();
        String known = leader.get();
        if (known != null) {
            order.add(known);
        }
        String good = lastGood.get();
        int start = good == null ? 0 : Math.max(0, all.indexOf(good));
        for (int i = 0; i < all.size(); i++) {
            order.add(all.get((start + i) % all.size()));
        }
        return order;
    }

    private Reply send(URI uri, Endpoint.Method method, byte[] body) {
        MasterTransport.Answer a = transport.send(method.name(), uri, body, config.attemptTimeout());
        return new Reply(uri, a.status(), HttpHeaders.of(a.headers(), (name, value) -> true),
                a.body() == null ? new byte[0] : a.body());
    }

    private void forgetLeader(String master) {
        leader.compareAndSet(master, null);
    }

    /** The {@code host:port} a 3xx points to when it names the same path on another server. */
    private static Optional<String> redirectTarget(Reply reply, PathQuery request) {
        if (!REDIRECTS.contains(reply.status())) {
            return Optional.empty();
        }
        try {
            URI to = reply.uri().resolve(reply.headers().firstValue("Location").orElse(""));
            boolean samePath = request.endpoint().path().equals(to.getRawPath());
            return samePath && to.getRawAuthority() != null ? Optional.of(to.getRawAuthority()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pauseFor(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted while waiting for a master", e);
        }
    }
}
