package io.hayloft.http;

import io.hayloft.api.wire.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One Prometheus registry per server, a request timer on every route, and {@code GET /metrics}.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String role;
    private final Map<HttpMethod, AtomicReferenceArray<Timer>> timers = new ConcurrentHashMap<>();

    /** @param role tag value naming the server kind ({@code master}, {@code volume}) */
    public Metrics(String role) {
        this.role = role;
        registry.config().commonTags("role", role);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Installs the request timer (first) and the {@code /metrics} route on {@code router}. The scrape runs
     * on a worker thread, not the event loop: a gauge may wait for a lock (the master's topology, held for
     * a whole-cluster pass), and an event loop waiting with it would stall every connection it serves.
     */
    public void install(Router router) {
        router.route().order(-1000).handler(this::time);
        router.get(Endpoint.METRICS.path()).handler(ctx -> ctx.vertx().executeBlocking(registry::scrape, false)
                .onComplete(scraped -> {
                    if (scraped.failed()) {
                        ctx.fail(scraped.cause());
                    } else if (!ctx.response().closed()) {
                        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(scraped.result());
                    }
                }));
    }

    /**
     * Records one request in {@code hayloft_http_requests{method, status}}: for answers sent outside
     * the router (the router's requests are timed by {@link #install}). Thread-safe; the meter of each
     * method and status is looked up once.
     */
    public void recordRequest(HttpMethod method, int status, long nanos) {
        AtomicReferenceArray<Timer> byStatus = timers.computeIfAbsent(method, m -> new AtomicReferenceArray<>(600));
        int slot = status >= 0 && status < 600 ? status : 0;
        Timer timer = byStatus.get(slot);
        if (timer == null) {
            timer = Timer.builder("hayloft_http_requests")
                    .tag("method", method.name())
                    .tag("status", Integer.toString(status))
                    .register(registry);
            byStatus.set(slot, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private void time(RoutingContext ctx) {
        long start = System.nanoTime();
        HttpMethod method = ctx.request().method();
        ctx.addEndHandler(v -> recordRequest(method, ctx.response().getStatusCode(), System.nanoTime() - start));
        ctx.next();
    }

    @Override
    public String toString() {
        return "Metrics[" + role + "]";
    }
}
