package io.hayloft.http;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * One Prometheus registry per server, a request timer on every route, and {@code GET /metrics}.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String role;

    /** @param role tag value naming the server kind ({@code master}, {@code volume}) */
    public Metrics(String role) {
        this.role = role;
        registry.config().commonTags("role", role);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Installs the request timer (first) and the {@code /metrics} route on {@code router}. */
    public void install(Router router) {
        router.route().order(-1000).handler(this::time);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
    }

    private void time(RoutingContext ctx) {
        long start = System.nanoTime();
        String method = ctx.request().method().name();
        ctx.addEndHandler(v -> Timer.builder("hayloft_http_requests")
                .tag("method", method)
                .tag("status", Integer.toString(ctx.response().getStatusCode()))
                .register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
        ctx.next();
    }

    @Override
    public String toString() {
        return "Metrics[" + role + "]";
    }
}
