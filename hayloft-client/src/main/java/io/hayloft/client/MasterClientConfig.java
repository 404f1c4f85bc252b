package io.hayloft.client;

import io.hayloft.api.HayloftException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link MasterClient} reaches the masters, with units; the compact constructor checks every value.
 *
 * @param masters        master addresses ({@code host:port} or {@code http://host:port}), the {@code -master} list
 * @param connectTimeout how long opening a TCP connection to one master may take
 * @param attemptTimeout how long one attempt at one master may take, connect to last byte; then the
 *                       next master is tried
 * @param retryBudget    how long a call keeps starting new attempts while masters are unreachable or
 *                       answer UNAVAILABLE (no leader yet); zero tries each master once
 * @param maxPause       the longest pause between two rounds over the masters
 * @param clock          time source for the retry deadline; tests pass a fake one
 */
public record MasterClientConfig(List<String> masters, Duration connectTimeout, Duration attemptTimeout,
                                 Duration retryBudget, Duration maxPause, Clock clock) {
    public MasterClientConfig {
        HayloftException.checkArgument(masters != null && !masters.isEmpty(), "at least one master address is required");
        masters = List.copyOf(masters);
        for (String m : masters) {
            HayloftException.checkArgument(!m.isBlank(), "master address must not be blank");
        }
        HayloftException.checkArgument(connectTimeout != null && connectTimeout.isPositive(), "connectTimeout must be positive");
        HayloftException.checkArgument(attemptTimeout != null && attemptTimeout.isPositive(), "attemptTimeout must be positive");
        HayloftException.checkArgument(retryBudget != null && !retryBudget.isNegative(), "retryBudget must not be negative");
        HayloftException.checkArgument(maxPause != null && !maxPause.isNegative(), "maxPause must not be negative");
        HayloftException.checkArgument(clock != null, "clock is required");
    }

    /** The master part of a blob client's settings: its timeouts, retry budget and clock. */
    public static MasterClientConfig of(ClientConfig c) {
        return new MasterClientConfig(c.masters(), c.connectTimeout(), c.requestTimeout(), c.unavailableRetry(),
                c.maxRetryDelay(), c.clock());
    }

    /** 5 s connect, {@code attemptTimeout} per attempt, {@code retryBudget} of retries, pauses up to 1 s. */
    public static MasterClientConfig of(List<String> masters, Duration attemptTimeout, Duration retryBudget) {
        return new MasterClientConfig(masters, ClientConfig.DEFAULT_CONNECT_TIMEOUT, attemptTimeout, retryBudget,
                ClientConfig.DEFAULT_MAX_RETRY_DELAY, Clock.systemUTC());
    }

    public MasterClientConfig withClock(Clock c) {
        return new MasterClientConfig(masters, connectTimeout, attemptTimeout, retryBudget, maxPause, c);
    }
}
