package io.hayloft.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.wire.Endpoint;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ties a router to its role's endpoint definitions ({@code MasterApi}, {@code VolumeApi}): after the
 * routes themselves, every fixed path of the API answers any method its definitions do not name
 * with a 405 JSON error and an {@code Allow} header, instead of falling through to "no such
 * endpoint" or to a pattern route (a volume server's {@code /<fid>}).
 */
public final class EndpointRoutes {
    private EndpointRoutes() {
    }

    /** {@code endpoint}'s methods as Vert.x methods, in {@link Endpoint.Method} order. */
    public static List<HttpMethod> methods(Endpoint endpoint) {
        return endpoint.methods().stream().sorted().map(m -> HttpMethod.valueOf(m.name())).toList();
    }

    /**
     * Registers, on {@code router}, a 405 for every method no definition of {@code api} names on each
     * fixed path. Call after the path's own routes and before any pattern route that would match it.
     * The handlers run on the event loop.
     */
    public static void refuseOtherMethods(Router router, List<Endpoint> api) {
        Map<String, Set<Endpoint.Method>> byPath = new LinkedHashMap<>();
        api.stream().filter(e -> !e.isPattern()).forEach(e -> byPath
                .computeIfAbsent(e.path(), p -> EnumSet.noneOf(Endpoint.Method.class)).addAll(e.methods()));
        byPath.forEach((path, methods) -> {
            String allow = methods.stream().map(Enum::name).collect(Collectors.joining(", "));
            router.route(path).handler(ctx -> {
                ctx.response().putHeader("Allow", allow);
                Responses.error(ctx, ErrorCode.METHOD_NOT_ALLOWED, "method " + ctx.request().method().name()
                        + " not allowed on " + path + "; allowed: " + allow);
            });
        });
    }
}
