package io.hayloft.master.http;

import io.hayloft.api.wire.Endpoint;
import io.hayloft.http.EndpointRoutes;
import io.hayloft.http.Responses;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The methods a master endpoint answers: a request with any other method gets 405 with an
 * {@code Allow} header and a JSON error, and reaches no handler. Runs on the event loop.
 */
final class AllowedMethods {
    private AllowedMethods() {
    }

    /** A handler that passes requests with a method {@code endpoint} answers on and answers 405 to the rest. */
    static Handler<RoutingContext> only(Endpoint endpoint) {
        return only(EndpointRoutes.methods(endpoint));
    }

    /** A handler that passes requests with one of {@code methods} on and answers 405 to the rest. */
    static Handler<RoutingContext> only(List<HttpMethod> methods) {
        String allow = methods.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
        return ctx -> {
            if (methods.contains(ctx.request().method())) {
                ctx.next();
                return;
            }
            ctx.response().putHeader("Allow", allow);
            Responses.error(ctx, 405, "method " + ctx.request().method().name() + " not allowed on "
                    + ctx.request().path() + "; allowed: " + allow);
        };
    }

    /** The router's answer when a path matches only routes of other methods: 405 as JSON. */
    static void notAllowed(RoutingContext ctx) {
        Responses.error(ctx, 405, "method " + ctx.request().method().name() + " not allowed on "
                + ctx.request().path());
    }
}
