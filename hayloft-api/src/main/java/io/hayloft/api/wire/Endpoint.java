package io.hayloft.api.wire;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One route of a server's HTTP API, defined once for the server that registers it and every client
 * that calls it: its path, the methods it answers and the query parameters it takes. A path is
 * either fixed ({@code /dir/assign}) or one segment pattern, {@code /{fid}} or {@code /{path}}, whose
 * value {@link #at(String)} fills in. Immutable.
 *
 * @param path    the route's path, starting with {@code /}; {@code {name}} marks the one variable part
 * @param methods the methods it answers (never empty)
 * @param params  the query parameter names it takes, beyond {@link #COMMON}
 */
public record Endpoint(String path, Set<Method> methods, Set<String> params) {
    /** Parameters every endpoint accepts (SeaweedFS's pretty-printing, JSONP callback and timestamp). */
    public static final Set<String> COMMON = Set.of("pretty", "callback", "ts");

    /** The HTTP methods the API uses. */
    public enum Method { GET, HEAD, POST, PUT, DELETE }

    /** Status pages: {@code GET} and {@code HEAD}. */
    public static final Set<Method> READ = Set.copyOf(EnumSet.of(Method.GET, Method.HEAD));
    /** Calls SeaweedFS clients make either way, query or form post (and {@code HEAD}, as {@code GET}). */
    public static final Set<Method> GET_OR_POST = Set.copyOf(EnumSet.of(Method.GET, Method.HEAD, Method.POST));

    /** {@code GET /metrics}: every role's Prometheus scrape. */
    public static final Endpoint METRICS = new Endpoint("/metrics", Set.of(Method.GET), Set.of());

    public Endpoint {
        if (path == null || !path.startsWith("/") || path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("endpoint path must start with / and hold no query: " + path);
        }
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("endpoint " + path + " needs at least one method");
        }
        methods = Set.copyOf(methods);
        params = Set.copyOf(params);
        if (path.indexOf('{') != path.lastIndexOf('{') || (path.contains("{") && !path.endsWith("}"))) {
            throw new IllegalArgumentException("endpoint " + path + " may end with one {variable} only");
        }
    }

    /** An endpoint answering {@code methods} at {@code path} and taking {@code params}. */
    public static Endpoint of(String path, Set<Method> methods, String... params) {
        return new Endpoint(path, methods, Set.of(params));
    }

    /** An endpoint answering one method. */
    public static Endpoint of(String path, Method method, String... params) {
        return of(path, Set.of(method), params);
    }

    /** {@code base} without {@code removed}, for an endpoint taking another's parameters but some. */
    public static Set<String> without(Set<String> base, String... removed) {
        Set<String> all = new LinkedHashSet<>(base);
        List.of(removed).forEach(all::remove);
        return Set.copyOf(all);
    }

    /** Whether the route has a variable part (a fid, a filer path). */
    public boolean isPattern() {
        return path.contains("{");
    }

    /** Whether the route answers {@code method}. */
    public boolean allows(Method method) {
        return methods.contains(method);
    }

    /** Whether a request may carry parameter {@code name} (its own or a {@link #COMMON} one). */
    public boolean accepts(String name) {
        return params.contains(name) || COMMON.contains(name);
    }

    /**
     * A request to this fixed-path endpoint, to add parameters to.
     *
     * @throws IllegalStateException when the path has a variable part: use {@link #at(String)}
     */
    public PathQuery query() {
        if (isPattern()) {
            throw new IllegalStateException("endpoint " + path + " needs its variable part: use at(...)");
        }
        return new PathQuery(this, path);
    }

    /**
     * A request to this pattern endpoint with its variable part set to {@code value}: a fid as it is,
     * a filer path percent-encoded segment by segment (its slashes kept).
     *
     * @param value the fid ({@code 3,01637037d6}) or the absolute path ({@code /docs/a b.txt})
     * @throws IllegalStateException when the path is fixed
     */
    public PathQuery at(String value) {
        if (!isPattern()) {
            throw new IllegalStateException("endpoint " + path + " has no variable part: use query()");
        }
        String v = value.startsWith("/") ? value.substring(1) : value;
        return new PathQuery(this, path.substring(0, path.indexOf('{')) + PercentEncoding.path(v));
    }
}
