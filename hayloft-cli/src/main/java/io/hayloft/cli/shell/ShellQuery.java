package io.hayloft.cli.shell;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Builds a call's {@code path?name=value&...}, values URL-encoded. Not thread-safe. */
final class ShellQuery {
    private final StringBuilder text;
    private char separator = '?';

    private ShellQuery(String path) {
        this.text = new StringBuilder(path);
    }

    static ShellQuery path(String path) {
        return new ShellQuery(path);
    }

    ShellQuery param(String name, Object value) {
        text.append(separator).append(name).append('=')
                .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
        separator = '&';
        return this;
    }

    /** Adds {@code name=value} only when {@code value} is present. */
    ShellQuery param(String name, Optional<?> value) {
        value.ifPresent(v -> param(name, v));
        return this;
    }

    /** Adds {@code name=true} only when {@code on}. */
    ShellQuery flag(String name, boolean on) {
        return on ? param(name, "true") : this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
