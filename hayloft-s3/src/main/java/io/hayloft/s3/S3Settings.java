package io.hayloft.s3;

import io.hayloft.api.settings.Kinds;
import io.hayloft.api.settings.Setting;
import io.hayloft.api.settings.SettingsTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of {@code hayloft s3} (and of the gateway in {@code hayloft server}, as {@code -s3.port},
 * {@code -s3.config}), in one table: name (flag and TOML key), kind (unit and range), default and
 * description. {@code hayloft-cli} builds the options, {@code --help}, the TOML defaults and the
 * settings reference from it; {@link S3Options}' constructor checks its values with these settings.
 */
public final class S3Settings {
    public static final Setting<S3Options, Integer> PORT = Setting.of("port", Kinds.port(), S3Config.DEFAULT_PORT,
            "HTTP port.", S3Options::withPort);
    public static final Setting<S3Options, String> FILER = Setting.of("filer", Kinds.text("HOST:PORT"),
            "localhost:8888", "The filer objects are stored through.", S3Options::withFiler);
    public static final Setting<S3Options, Path> IDENTITIES = Setting.derived("config", Kinds.path("FILE"),
            "a key pair generated at first start, kept in -dir and printed once",
            "Identities (JSON, SeaweedFS's s3.json format): name, credentials (accessKey, secretKey), actions Read,"
                    + " Write, List, Tagging, Admin, optionally per bucket (Read:photos), ownBucketsOnly for an identity"
                    + " whose grants count on its own buckets only; re-read when it changes.",
            S3Options::withIdentities);
    public static final Setting<S3Options, Path> KEY_DIR = Setting.of("dir", Kinds.path(), Path.of("hayloft-data", "s3"),
            "Where the generated key pair is kept when there is no -config.", S3Options::withKeyDir);
    public static final Setting<S3Options, String> IP = Setting.of("ip", Kinds.text("HOST"), "localhost",
            "Host name clients reach this gateway at.", (c, h) -> c.withHosts(c.bindHost(), h));
    public static final Setting<S3Options, String> BIND_IP = Setting.of("ip.bind", Kinds.text("ADDR"), "0.0.0.0",
            "Address to listen on (0.0.0.0: all interfaces).", (c, h) -> c.withHosts(h, c.advertisedHost()));

    public static final Setting<S3Options, Duration> LIFECYCLE_INTERVAL = Setting.of("lifecycle.interval",
            Kinds.duration(null, Duration.ZERO, Duration.ofDays(7)), S3Config.Lifecycle.DEFAULT.interval(),
            "How often buckets' lifecycle rules (expiration, noncurrent versions, abandoned uploads) are carried out;"
                    + " 0: never.", S3Options::withLifecycleInterval);
    public static final Setting<S3Options, Duration> LIFECYCLE_DAY = Setting.of("lifecycle.day",
            Kinds.duration(null, Duration.ofMillis(100), Duration.ofDays(1)), S3Config.Lifecycle.DEFAULT.day(),
            "How long a lifecycle rule's day is (shorter only for conformance tests, as ceph's"
                    + " rgw_lc_debug_interval).", S3Options::withLifecycleDay);

    public static final Setting<S3Options, String> DOMAIN_NAME = Setting.of("domainName", Kinds.text("DOMAINS"), "",
            "Domains whose sub-domains name buckets, comma-separated: with s3.example.com, a request to"
                    + " photos.s3.example.com/key is object key of bucket photos (virtual-host style); other hosts are"
                    + " path-style (/photos/key).", S3Options::withDomainNames);
    public static final Setting<S3Options, String> EXTERNAL_URL = Setting.of("externalUrl", Kinds.text("URL"), "",
            "http(s)://host[:port] clients reach this gateway at, when a proxy in front rewrites Host and sends no"
                    + " X-Forwarded-Host: signatures are checked against this host.", S3Options::withExternalUrl);

    /** The gateway's settings, in {@code --help} order. */
    public static final SettingsTable<S3Options> TABLE = new SettingsTable<>("s3", List.of(PORT, FILER, IDENTITIES,
            KEY_DIR, IP, BIND_IP, LIFECYCLE_INTERVAL, LIFECYCLE_DAY, DOMAIN_NAME, EXTERNAL_URL));

    private S3Settings() {
    }
}
