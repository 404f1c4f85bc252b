package io.hayloft.client;

import io.hayloft.api.HayloftException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link HayloftClient} reaches the cluster, with units. Build with {@link #defaults(List)} and
 * the {@code with...} methods; the compact constructor checks every value.
 *
 * @param masters          master addresses ({@code host:port} or {@code http://host:port}), tried in order
 * @param connectTimeout   how long opening a TCP connection may take
 * @param requestTimeout   how long a request may wait for the response headers; uploads get one more
 *                         second per MiB of body
 * @param lookupCacheTtl   how long a volume's locations are reused before asking the master again
 * @param unavailableRetry how long master calls keep retrying while every master is unreachable or
 *                         answers 503 (no leader yet); zero tries each master once
 * @param maxRetryDelay    the longest pause between two rounds of such retries
 * @param usePublicUrl     talk to volume servers at their {@code publicUrl} instead of their {@code url}
 * @param clock            time source for the lookup cache and retry deadline; tests pass a fake one
 */
public record ClientConfig(List<String> masters, Duration connectTimeout, Duration requestTimeout,
                           Duration lookupCacheTtl, Duration unavailableRetry, Duration maxRetryDelay,
                           boolean usePublicUrl, Clock clock) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_LOOKUP_CACHE_TTL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_UNAVAILABLE_RETRY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(1);

    public ClientConfig {
        HayloftException.checkArgument(masters != null && !masters.isEmpty(), "at least one master address is required");
        masters = List.copyOf(masters);
        for (String m : masters) {
            HayloftException.checkArgument(!m.isBlank(), "master address must not be blank");
        }
        checkPositive(connectTimeout, "connectTimeout");
        checkPositive(requestTimeout, "requestTimeout");
        checkNotNegative(lookupCacheTtl, "lookupCacheTtl");
        checkNotNegative(unavailableRetry, "unavailableRetry");
        checkNotNegative(maxRetryDelay, "maxRetryDelay");
        HayloftException.checkArgument(clock != null, "clock is required");
    }

    /** 5 s connect, 60 s request, 10 s lookup cache, 5 s of retries while no master can answer. */
    public static ClientConfig defaults(List<String> masters) {
        return new ClientConfig(masters, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_LOOKUP_CACHE_TTL,
                DEFAULT_UNAVAILABLE_RETRY, DEFAULT_MAX_RETRY_DELAY, false, Clock.systemUTC());
    }

    public ClientConfig withTimeouts(Duration connect, Duration request) {
        return new ClientConfig(masters, connect, request, lookupCacheTtl, unavailableRetry, maxRetryDelay,
                usePublicUrl, clock);
    }

    public ClientConfig withLookupCacheTtl(Duration ttl) {
        return new ClientConfig(masters, connectTimeout, requestTimeout, ttl, unavailableRetry, maxRetryDelay,
                usePublicUrl, clock);
    }

    public ClientConfig withUnavailableRetry(Duration budget, Duration maxDelay) {
        return new ClientConfig(masters, connectTimeout, requestTimeout, lookupCacheTtl, budget, maxDelay,
                usePublicUrl, clock);
    }

    public ClientConfig withUsePublicUrl(boolean publicUrl) {
        return new ClientConfig(masters, connectTimeout, requestTimeout, lookupCacheTtl, unavailableRetry,
                maxRetryDelay, publicUrl, clock);
    }

    public ClientConfig withClock(Clock c) {
        return new ClientConfig(masters, connectTimeout, requestTimeout, lookupCacheTtl, unavailableRetry,
                maxRetryDelay, usePublicUrl, c);
    }

    private static void checkPositive(Duration d, String name) {
        HayloftException.checkArgument(d != null && d.isPositive(), name + " must be positive");
    }

    private static void checkNotNegative(Duration d, String name) {
        HayloftException.checkArgument(d != null && !d.isNegative(), name + " must not be negative");
    }
}
