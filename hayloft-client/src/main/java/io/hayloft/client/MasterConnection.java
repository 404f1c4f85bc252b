package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls whichever master answers. Starts with the one that answered last; on an unreachable master
 * or a 503 (no leader yet) it tries the next, and after a full round it pauses (the server's
 * {@code Retry-After}, capped) and goes round again until the retry budget is spent. Any other
 * answer, success or error, ends the call. Thread-safe.
 */
final class MasterConnection {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);

    private final List<String> masters;
    private final Transport transport;
    private final Json json;
    private final Clock clock;
    private final Duration retryBudget;
    private final Duration maxPause;
    private final AtomicInteger current = new AtomicInteger();

    MasterConnection(List<String> masters, Transport transport, Json json, Clock clock, Duration retryBudget,
                     Duration maxPause) {
        this.masters = List.copyOf(masters);
        this.transport = transport;
        this.json = json;
        this.clock = clock;
        this.retryBudget = retryBudget;
        this.maxPause = maxPause;
    }

    /** The master that answered last (or the first one): {@code host:port} as configured. */
    String current() {
        return masters.get(current.get());
    }

    /**
     * GETs {@code pathAndQuery} from a master and returns its answer, success or error.
     *
     * @throws HayloftException UNAVAILABLE when no master answered with anything but 503 within the budget
     */
    Reply get(String pathAndQuery) {
        Instant deadline = clock.instant().plus(retryBudget);
        Duration pause = FIRST_PAUSE;
        while (true) {
            HayloftException lastFailure = null;
            Duration suggested = null;
            int start = current.get();
            for (int i = 0; i < masters.size(); i++) {
                int index = (start + i) % masters.size();
                try {
                    Reply reply = transport.send(transport.request(
                            Endpoints.uri(masters.get(index), pathAndQuery)).GET().build());
                    if (reply.status() != 503) {
                        current.set(index);
                        return reply;
                    }
                    suggested = reply.retryAfter().orElse(suggested);
                    lastFailure = reply.toException(json);
                } catch (HayloftException e) {
                    if (e.code() != ErrorCode.UNAVAILABLE) {
                        throw e;
                    }
                    lastFailure = e;
                }
            }
            Duration wait = min(suggested == null ? pause : suggested, maxPause);
            if (!clock.instant().plus(wait).isBefore(deadline)) {
                throw new HayloftException(ErrorCode.UNAVAILABLE,
                        "no master could answer (" + String.join(", ", masters) + "): " + lastFailure.getMessage(),
                        lastFailure);
            }
            pauseFor(wait);
            pause = min(pause.multipliedBy(2), maxPause);
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
