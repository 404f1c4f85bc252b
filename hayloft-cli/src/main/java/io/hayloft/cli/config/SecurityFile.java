package io.hayloft.cli.config;

import io.hayloft.api.HayloftException;
import io.hayloft.api.settings.Kind;
import io.hayloft.api.settings.Kinds;
import io.hayloft.security.FidTokens;
import io.hayloft.security.InternalTokens;
import io.hayloft.security.SecurityConfig;
import io.hayloft.security.SigningKey;
import io.hayloft.security.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code security.toml}, the one security file every role reads (SeaweedFS's model), into a
 * {@link SecurityConfig}:
 * <pre>
 *   [jwt.signing]                  # write tokens: the master signs, volume servers check
 *   key = "..."                    # empty or absent: writes unsigned
 *   expires_after_seconds = 10
 *
 *   [jwt.signing.read]             # read tokens, optional
 *   key = "..."
 *   expires_after_seconds = 10
 *
 *   [internal]                     # the token roles show each other (heartbeats, replication, admin, ...)
 *   key = "..."
 *   expires_after_seconds = 60
 *
 *   [tls]                          # HTTPS for every listener and between roles
 *   ca = "ca.pem"                  # paths relative to this file
 *   cert = "node.pem"
 *   key = "node-key.pem"
 *   mutual = false                 # roles present certificates to each other
 * </pre>
 * Where it is found: {@code -security FILE}; else {@code security.toml} beside the {@code -config} file;
 * else {@code ./security.toml}; else nothing is on. An unknown section or key, a key shorter than
 * 16 bytes, two sections sharing a key, or an unreadable PEM file is an error naming the file and line.
 */
public final class SecurityFile {
    /** The file name looked for beside the config file and in the working directory. */
    public static final String NAME = "security.toml";
    private static final Kind<Duration> LIFETIME = Kinds.duration(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofHours(24));
    private static final Map<String, Set<String>> KEYS = Map.of(
            "jwt.signing", Set.of("key", "expires_after_seconds"),
            "jwt.signing.read", Set.of("key", "expires_after_seconds"),
            "internal", Set.of("key", "expires_after_seconds"),
            "tls", Set.of("ca", "cert", "key", "mutual"));

    private SecurityFile() {
    }

    /**
     * The file to read: {@code explicit} when given, else {@code security.toml} beside {@code config} (when
     * given) or in the working directory, if it exists.
     */
    public static Optional<Path> locate(Path explicit, Path config) {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        if (config != null) {
            Path beside = config.toAbsolutePath().getParent().resolve(NAME);
            if (Files.isRegularFile(beside)) {
                return Optional.of(beside);
            }
        }
        Path here = Path.of(NAME);
        return Files.isRegularFile(here) ? Optional.of(here) : Optional.empty();
    }

    /**
     * Reads {@code file}.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming the file, line and key of what is wrong
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    public static SecurityConfig read(Path file, Clock clock) {
        return parse(TomlFile.read(file), file.toAbsolutePath().getParent(), clock);
    }

    /** {@link #read} of already parsed text; relative PEM paths are resolved against {@code dir}. */
    public static SecurityConfig parse(TomlFile toml, Path dir, Clock clock) {
        for (Map.Entry<String, Map<String, String>> section : toml.sections().entrySet()) {
            Set<String> allowed = KEYS.get(section.getKey());
            for (String key : section.getValue().keySet()) {
                HayloftException.checkArgument(allowed != null, toml.where(section.getKey(), key) + ": "
                        + (section.getKey().isEmpty() ? key + " must be inside a section" : "[" + section.getKey()
                        + "] is not a section of " + NAME) + " (" + String.join(", ", KEYS.keySet().stream()
                        .sorted().map(s -> "[" + s + "]").toList()) + ")");
                HayloftException.checkArgument(allowed.contains(key), toml.where(section.getKey(), key) + ": ["
                        + section.getKey() + "] has no key " + key + " (" + String.join(", ", allowed.stream().sorted().toList())
                        + ")");
            }
        }
        SecurityConfig config = SecurityConfig.NONE;
        Set<SigningKey> seen = new HashSet<>();
        Optional<SigningKey> write = key(toml, "jwt.signing", seen);
        if (write.isPresent()) {
            config = config.withWrite(new FidTokens(write.get(), lifetime(toml, "jwt.signing", 10), clock));
        }
        Optional<SigningKey> read = key(toml, "jwt.signing.read", seen);
        if (read.isPresent()) {
            config = config.withRead(new FidTokens(read.get(), lifetime(toml, "jwt.signing.read", 10), clock));
        }
        Optional<SigningKey> internal = key(toml, "internal", seen);
        if (internal.isPresent()) {
            Duration life = lifetime(toml, "internal", 60);
            HayloftException.checkArgument(life.toSeconds() >= 2, toml.where("internal", "expires_after_seconds")
                    + ": expires_after_seconds must be at least 2 for [internal]");
            config = config.withInternal(new InternalTokens(internal.get(), life, clock));
        }
        if (toml.sections().containsKey("tls")) {
            config = config.withTls(tls(toml, dir));
        }
        return config;
    }

    private static Optional<SigningKey> key(TomlFile toml, String section, Set<SigningKey> seen) {
        Optional<String> text = toml.get(section, "key").filter(k -> !k.isEmpty());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String where = toml.where(section, "key") + ": [" + section + "] key";
        SigningKey key = SigningKey.of(text.get(), where);
        HayloftException.checkArgument(seen.add(key), where + " is the same as another section's key: give each its own"
                + " (a token of one kind must never pass as another)");
        return Optional.of(key);
    }

    private static Duration lifetime(TomlFile toml, String section, int defaultSeconds) {
        Optional<String> text = toml.get(section, "expires_after_seconds");
        if (text.isEmpty()) {
            return Duration.ofSeconds(defaultSeconds);
        }
        String where = toml.where(section, "expires_after_seconds");
        Duration d;
        try {
            d = LIFETIME.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw HayloftException.badRequest(where + ": expires_after_seconds must be " + LIFETIME.expected()
                    + ", got '" + text.get() + "'");
        }
        HayloftException.checkArgument(LIFETIME.allowsValue(d), where + ": expires_after_seconds must be "
                + LIFETIME.expected() + ", got '" + text.get() + "'");
        return d;
    }

    private static TlsFiles tls(TomlFile toml, Path dir) {
        Path[] files = new Path[3];
        List<String> names = List.of("ca", "cert", "key");
        for (int i = 0; i < 3; i++) {
            String name = names.get(i);
            String text = toml.get("tls", name).orElseThrow(() -> HayloftException.badRequest(toml.where("tls", name)
                    + ": [tls] needs ca, cert and key (PEM files; hayloft security init writes a set)"));
            Path p = dir.resolve(text);
            HayloftException.checkArgument(Files.isReadable(p), toml.where("tls", name) + ": [tls] " + name + " " + p
                    + " cannot be read");
            files[i] = p;
        }
        String mutual = toml.get("tls", "mutual").orElse("false");
        HayloftException.checkArgument(mutual.equals("true") || mutual.equals("false"), toml.where("tls", "mutual")
                + ": [tls] mutual must be true or false");
        return new TlsFiles(files[0], files[1], files[2], Boolean.parseBoolean(mutual));
    }
}
