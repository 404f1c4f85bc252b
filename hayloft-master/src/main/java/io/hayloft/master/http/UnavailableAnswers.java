package io.hayloft.master.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.http.Blocking;
import io.hayloft.http.Responses;
import io.hayloft.master.logging.RateLimitedLog;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * Runs a master handler on a virtual thread (as {@link Blocking}) and answers what it refuses with
 * {@code UNAVAILABLE} — no leader yet, the leader unreachable, a Raft write refused while
 * leadership moves — itself: 503 with {@code Retry-After} and a JSON error, and one WARN line per
 * path and {@link #LOG_INTERVAL} with the cause (stack traces at DEBUG). During a failover every
 * request fails this way; a stack trace per request flooded the log (issue 9, item 12). Any other
 * failure goes to {@link Responses#fail} as before. Thread-safe.
 */
final class UnavailableAnswers {
    /** At most one line per path within this interval. */
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final RateLimitedLog log;

    UnavailableAnswers(Clock clock) {
        this.log = new RateLimitedLog(LoggerFactory.getLogger(UnavailableAnswers.class), LOG_INTERVAL, clock);
    }

    /** Wraps {@code work} as a route handler. */
    Handler<RoutingContext> blocking(Blocking.Work work) {
        return Blocking.handler(ctx -> {
            try {
                work.run(ctx);
            } catch (HayloftException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                String what = ctx.request().method().name() + " " + ctx.request().path();
                log.warn(what, what + " answered 503", e);
                if (!ctx.response().ended() && !ctx.response().closed()) {
                    Responses.answer(ctx, e);
                }
            }
        });
    }
}
