package io.hayloft.http;

import io.hayloft.api.HayloftException;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Typed query (and form) parameters. Bad values and unknown names are {@code BAD_REQUEST}s with a
 * message that names the parameter.
 */
public final class Params {
    /** Parameters every endpoint accepts. */
    public static final Set<String> COMMON = Set.of("pretty", "callback", "ts");

    private Params() {
    }

    /** Rejects any query parameter not in {@code allowed} or {@link #COMMON}. */
    public static void allowOnly(RoutingContext ctx, Set<String> allowed) {
        for (String name : ctx.request().params().names()) {
            if (!allowed.contains(name) && !COMMON.contains(name)) {
                throw HayloftException.badRequest("unknown parameter '" + name + "'");
            }
        }
    }

    public static String string(RoutingContext ctx, String name, String dflt) {
        String v = param(ctx.request().params(), name);
        return v == null ? dflt : v;
    }

    public static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = param(ctx.request().params(), name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        long n = parseLong(name, v);
        HayloftException.checkArgument(n >= min && n <= max,
                "parameter '" + name + "' must be between " + min + " and " + max + ", got " + v);
        return (int) n;
    }

    public static long longParam(RoutingContext ctx, String name, long dflt, long min, long max) {
        String v = param(ctx.request().params(), name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        long n = parseLong(name, v);
        HayloftException.checkArgument(n >= min && n <= max,
                "parameter '" + name + "' must be between " + min + " and " + max + ", got " + v);
        return n;
    }

    public static boolean bool(RoutingContext ctx, String name, boolean dflt) {
        String v = param(ctx.request().params(), name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        return switch (v) {
            case "true", "1", "y", "yes" -> true;
            case "false", "0", "n", "no" -> false;
            default -> throw HayloftException.badRequest("parameter '" + name + "' must be true or false, got " + v);
        };
    }

    private static String param(MultiMap params, String name) {
        var all = params.getAll(name);
        if (all.isEmpty()) {
            return null;
        }
        HayloftException.checkArgument(all.size() == 1, "parameter '" + name + "' given more than once");
        return all.getFirst();
    }

    private static long parseLong(String name, String v) {
        HayloftException.checkArgument(v.length() <= 19 && v.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '-'),
                "parameter '" + name + "' must be a number, got '" + v + "'");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw HayloftException.badRequest("parameter '" + name + "' must be a number, got '" + v + "'");
        }
    }
}
