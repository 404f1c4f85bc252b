package io.hayloft.master.logging;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;

/**
 * Logs one WARN line per kind of event and interval, with its cause, and counts the lines it held
 * back; the first line after a quiet interval says how many were suppressed. Stack traces go to
 * DEBUG only. For events that repeat per request while the cluster is in a known transient state
 * (a leader failover), where a line per request would flood the log.
 *
 * <p>Thread-safe; never blocks beyond the logger itself.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final Duration interval;
    private final Clock clock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long openedAtMillis;
        long suppressed;

        Window(long openedAtMillis) {
            this.openedAtMillis = openedAtMillis;
        }
    }

    /**
     * @param interval at most one line per kind within it
     * @param clock    time source; tests pass a fake one
     */
    public RateLimitedLog(Logger log, Duration interval, Clock clock) {
        this.log = log;
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * Logs {@code message} (with the cause's message appended) at WARN unless a line of the same
     * {@code kind} was logged within the interval; then it is only counted. The cause's stack trace
     * is logged at DEBUG every time.
     *
     * @return true when the line was written at WARN
     */
    public boolean warn(String kind, String message, Throwable cause) {
        String line = cause == null ? message : message + ": " + describe(cause);
        if (cause != null && log.isDebugEnabled()) {
            log.debug(line, cause);
        }
        long now = clock.millis();
        long[] heldBack = {-1};
        windows.compute(kind, (k, w) -> {
            if (w == null) {
                heldBack[0] = 0;
                return new Window(now);
            }
            if (now - w.openedAtMillis >= interval.toMillis()) {
                heldBack[0] = w.suppressed;
                w.openedAtMillis = now;
                w.suppressed = 0;
            } else {
                w.suppressed++;
            }
            return w;
        });
        if (heldBack[0] < 0) {
            return false;
        }
        if (heldBack[0] > 0) {
            log.warn("{} ({} similar suppressed in the last {})", line, heldBack[0], interval);
        } else {
            log.warn(line);
        }
        return true;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
