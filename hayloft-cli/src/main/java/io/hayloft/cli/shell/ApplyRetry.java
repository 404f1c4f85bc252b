package io.hayloft.cli.shell;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.PathQuery;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The shell's policy on a 503 while applying a long erasure-coding change ({@code ec.encode -apply}, {@code
 * ec.compact -apply}). The leader answers 503 when a step failed on a volume server (a source unreachable,
 * heartbeats late: it undid what it did, so the change may be tried again) or when the change took effect but a
 * last step did not (an encoding whose replicas could not all be deleted). A blind retry of the second kind
 * would encode a volume that is coded already (or on another replica), so:
 *
 * <ul>
 *   <li>each attempt is one call ({@link MasterHttp#postOnce}), never the failover's quick rounds;</li>
 *   <li>after a 503 the shell first asks whether the change took effect ({@code done}, e.g. {@code /dir/lookup}
 *       naming all 14 shards): if so it reports that, with the leader's 503 text, and does not call again;</li>
 *   <li>otherwise it waits, {@link #FIRST_PAUSE} doubling each time, and tries again, at most
 *       {@link #MAX_ATTEMPTS} attempts in all; the last 503 is then final.</li>
 * </ul>
 * Any other error is final at once (a 409 "erasure-coded already" included). Stateless apart from the pause;
 * thread-safe.
 */
final class ApplyRetry {
    /** Attempts in all, the first included. */
    static final int MAX_ATTEMPTS = 4;
    /** The pause before the first retry; each later one doubles it (1 s, 2 s, 4 s: 7 s in all). */
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    /** How the policy waits between attempts (tests record instead of sleeping). */
    @FunctionalInterface
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    /** What the caller learns: the leader's answer, or that the change took effect despite a 503. */
    record Outcome(Optional<JsonNode> answer, Optional<String> doneDespite, int attempts) {
    }

    private final Pause pause;

    ApplyRetry(Pause pause) {
        this.pause = pause;
    }

    /** The policy with real pauses. */
    static ApplyRetry sleeping() {
        return new ApplyRetry(d -> Thread.sleep(d.toMillis()));
    }

    /**
     * Posts {@code request} under the policy.
     *
     * @param done after a 503: a description of the change found in effect, or empty when it is not
     * @throws HayloftException the leader's error when it is not a 503, or the last 503 after {@link #MAX_ATTEMPTS}
     */
    Outcome post(ShellSession session, PathQuery request, Supplier<Optional<String>> done) {
        Duration wait = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return new Outcome(Optional.of(session.masters().postOnce(request, attempt - 1)), Optional.empty(),
                        attempt);
            } catch (HayloftException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                Optional<String> inEffect = done.get();
                if (inEffect.isPresent()) {
                    session.out().printf("the leader answered 503 (%s), but %s: not tried again%n", e.getMessage(),
                            inEffect.get());
                    return new Outcome(Optional.empty(), inEffect, attempt);
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new HayloftException(ErrorCode.UNAVAILABLE, "gave up after " + attempt + " attempts: "
                            + e.getMessage(), e);
                }
                session.out().printf("attempt %d of %d failed with 503 (%s); nothing took effect, trying again in "
                        + "%d s%n", attempt, MAX_ATTEMPTS, e.getMessage(), wait.toSeconds());
                try {
                    pause.pause(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted while waiting to retry", e);
                }
                wait = wait.multipliedBy(2);
            }
        }
    }
}
