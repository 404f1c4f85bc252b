package io.hayloft.api.wire;

import java.net.URI;
import java.util.Optional;

/**
 * A request's {@code path?name=value&...} for one {@link Endpoint}, built parameter by parameter with
 * names and values percent-encoded ({@link PercentEncoding}). A name the endpoint does not take is a
 * programming error and fails at once, so a client cannot send what the server would refuse as an
 * unknown parameter. Not thread-safe; build, then read.
 */
public final class PathQuery {
    private final Endpoint endpoint;
    private final StringBuilder text;
    private char separator = '?';

    PathQuery(Endpoint endpoint, String path) {
        this.endpoint = endpoint;
        this.text = new StringBuilder(path);
    }

    /** The endpoint this request is for. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Adds {@code name=value} ({@code String.valueOf(value)}).
     *
     * @throws IllegalArgumentException when the endpoint takes no parameter {@code name}, or value is null
     */
    public PathQuery param(String name, Object value) {
        if (!endpoint.accepts(name)) {
            throw new IllegalArgumentException(endpoint.path() + " takes no parameter '" + name + "'");
        }
        if (value == null) {
            throw new IllegalArgumentException("parameter '" + name + "' of " + endpoint.path() + " has no value");
        }
        text.append(separator).append(PercentEncoding.component(name)).append('=')
                .append(PercentEncoding.component(String.valueOf(value)));
        separator = '&';
        return this;
    }

    /** Adds {@code name=value} only when {@code value} is present. */
    public PathQuery param(String name, Optional<?> value) {
        value.ifPresent(v -> param(name, v));
        return this;
    }

    /** Adds {@code name=value} only when {@code value} is neither null nor an empty string. */
    public PathQuery paramIfSet(String name, Object value) {
        if (value != null && !String.valueOf(value).isEmpty()) {
            param(name, value);
        }
        return this;
    }

    /** Adds {@code name=true} only when {@code on}. */
    public PathQuery flag(String name, boolean on) {
        return on ? param(name, "true") : this;
    }

    /** The path and query, e.g. {@code /dir/lookup?volumeId=7}. */
    public String pathAndQuery() {
        return text.toString();
    }

    /**
     * The absolute URL on the server at {@code address}: {@code host:port} (taken as {@code http://})
     * or a base URL such as {@code http://host:port/}.
     */
    public String url(String address) {
        return base(address) + pathAndQuery();
    }

    /**
     * {@link #url(String)} as a URI.
     *
     * @throws IllegalArgumentException when the address makes no valid URI
     */
    public URI uri(String address) {
        return URI.create(url(address));
    }

    /** {@code "localhost:8080"} or {@code "http://localhost:8080/"} becomes {@code "http://localhost:8080"}. */
    public static String base(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("server address is required");
        }
        String a = address.strip();
        if (!a.startsWith("http://") && !a.startsWith("https://")) {
            a = "http://" + a;
        }
        while (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }

    @Override
    public String toString() {
        return pathAndQuery();
    }
}
