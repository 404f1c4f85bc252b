package io.hayloft.volume;

import static io.hayloft.api.settings.Kinds.MIB;

import io.hayloft.api.HayloftException;
import io.hayloft.api.settings.Kinds;
import io.hayloft.api.settings.Setting;
import io.hayloft.api.settings.SettingsTable;
import io.hayloft.http.WhiteList;
import io.hayloft.volume.scrub.ScrubConfig;
import io.hayloft.volume.sync.SyncConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of {@code hayloft volume}, in one table: name (flag and TOML key), kind (unit and
 * range), default and description. {@code hayloft-cli} builds the options, {@code --help}, the TOML
 * defaults and the settings reference from it; {@link VolumeServerConfig}'s constructor checks its
 * values with these settings.
 */
public final class VolumeSettings {
    /** Most volume slots one directory may have. */
    public static final int MAX_SLOTS = 100_000;
    /** Largest upload limit: an upload must fit in one Java array. */
    public static final long MAX_FILE_SIZE_LIMIT = 2047 * MIB;

    public static final Setting<VolumeServerConfig, List<Path>> DIRS = Setting.of("dir",
            Kinds.listOf(Kinds.path()), List.of(Path.of("hayloft-data", "volume")),
            "Data directories, comma separated; the first also holds the node id.", VolumeServerConfig::withDirs);
    public static final Setting<VolumeServerConfig, List<Integer>> MAX_VOLUMES = Setting.of("max",
            Kinds.listOf(Kinds.count(0, MAX_SLOTS)), List.of(0),
            "Volume slots per directory: one count for all, or one per -dir; 0 sizes them from the directory's"
                    + " free space and the volume size limit (at least 64).",
            VolumeServerConfig::withMaxVolumes);
    public static final Setting<VolumeServerConfig, List<String>> MASTERS = Setting.of("mserver",
            Kinds.listOf(Kinds.text("HOST:PORT")), List.of("localhost:9333"),
            "Master address(es), comma separated; tried in order, the leader followed.",
            VolumeServerConfig::withMasters);
    public static final Setting<VolumeServerConfig, Integer> PORT = Setting.of("port", Kinds.port(), 8080,
            "HTTP port.", VolumeServerConfig::withPort);
    public static final Setting<VolumeServerConfig, String> IP = Setting.of("ip", Kinds.text("HOST"), "localhost",
            "Host name the master and peers reach this server at.", (c, h) -> c.withHosts(c.bindHost(), h));
    public static final Setting<VolumeServerConfig, String> BIND_IP = Setting.of("ip.bind", Kinds.text("ADDR"),
            "0.0.0.0", "Address to listen on (0.0.0.0: all interfaces).", (c, h) -> c.withHosts(h, c.advertisedHost()));
    public static final Setting<VolumeServerConfig, String> PUBLIC_URL = Setting.derived("publicUrl",
            Kinds.text("HOST:PORT"), "-ip:-port", "Address handed to clients.", VolumeServerConfig::withPublicUrl);
    public static final Setting<VolumeServerConfig, String> DATA_CENTER = Setting.of("dataCenter",
            Kinds.text("NAME"), VolumeServerConfig.DEFAULT_DATA_CENTER, "Data center of this server.",
            (c, dc) -> c.withLocation(dc, c.rack()));
    public static final Setting<VolumeServerConfig, String> RACK = Setting.of("rack", Kinds.text("NAME"),
            VolumeServerConfig.DEFAULT_RACK, "Rack of this server.", (c, r) -> c.withLocation(c.dataCenter(), r));
    public static final Setting<VolumeServerConfig, List<String>> WHITE_LIST = Setting.of("whiteList",
            Kinds.listOf(Kinds.text("IP|CIDR")), List.of(),
            "Only these IPs / CIDR blocks (IPv4, IPv6) may upload, delete and run admin calls; list every master"
                    + " and volume server of the cluster too. Reads stay open. None: anyone.",
            (c, w) -> c.withWhiteList(whiteList(w)));
    public static final Setting<VolumeServerConfig, Duration> PULSE = Setting.of("pulseSeconds",
            Kinds.duration(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofHours(1)), Duration.ofSeconds(5),
            "Heartbeat period.", VolumeServerConfig::withPulse);
    public static final Setting<VolumeServerConfig, Boolean> FSYNC = Setting.of("fsync", Kinds.flag(), false,
            "Fsync every write before acknowledging it (group commit: concurrent writes share one fsync).",
            VolumeServerConfig::withFsync);
    public static final Setting<VolumeServerConfig, Long> FILE_SIZE_LIMIT = Setting.of("fileSizeLimitMB",
            Kinds.bytes(MIB, 1, MAX_FILE_SIZE_LIMIT), 256 * MIB, "Largest accepted upload.",
            VolumeServerConfig::withFileSizeLimit);
    public static final Setting<VolumeServerConfig, Long> SCRUB_RATE = Setting.of("scrubMBps",
            Kinds.bytesPerSecond(MIB, 0, 1L << 40), 16 * MIB,
            "Background scrub rate (CRC check of every needle); 0 disables.",
            (c, rate) -> c.withScrub(new ScrubConfig(rate, c.scrub().interval())));
    public static final Setting<VolumeServerConfig, Duration> SCRUB_INTERVAL = Setting.of("scrubIntervalMinutes",
            Kinds.duration(Duration.ofMinutes(1), Duration.ofMillis(1), Duration.ofDays(365)), Duration.ofDays(1),
            "Pause between two scrub passes.",
            (c, interval) -> c.withScrub(new ScrubConfig(c.scrub().bytesPerSecond(), interval)));
    public static final Setting<VolumeServerConfig, Duration> TTL_GRACE = Setting.of("ttlGraceSeconds",
            Kinds.duration(Duration.ofSeconds(1), Duration.ZERO, Duration.ofDays(365)), Duration.ofMinutes(10),
            "How long a TTL volume whose newest file expired stays on disk, read-only, before it is deleted.",
            VolumeServerConfig::withTtlGrace);
    public static final Setting<VolumeServerConfig, Duration> SYNC_INTERVAL = Setting.of("syncIntervalSeconds",
            Kinds.duration(Duration.ofSeconds(1), Duration.ZERO, SyncConfig.MAX), SyncConfig.DEFAULT_INTERVAL,
            "Pause between two background replica sync rounds (replicas compared by digest and repaired);"
                    + " 0 disables.",
            (c, interval) -> c.withSync(new SyncConfig(interval, c.sync().settle())));
    public static final Setting<VolumeServerConfig, Duration> SYNC_SETTLE = Setting.of("syncSettleSeconds",
            Kinds.duration(Duration.ofSeconds(1), Duration.ZERO, SyncConfig.MAX), SyncConfig.DEFAULT_SETTLE,
            "Time between the two comparisons of a replica sync: only differences seen in both are repaired, so"
                    + " writes in flight are not taken for divergence.",
            (c, settle) -> c.withSync(new SyncConfig(c.sync().interval(), settle)));

    /** The volume server's settings, in {@code --help} order. */
    public static final SettingsTable<VolumeServerConfig> TABLE = new SettingsTable<>("volume", List.of(DIRS,
            MAX_VOLUMES, MASTERS, PORT, IP, BIND_IP, PUBLIC_URL, DATA_CENTER, RACK, WHITE_LIST, PULSE, FSYNC,
            FILE_SIZE_LIMIT, SCRUB_RATE, SCRUB_INTERVAL, TTL_GRACE, SYNC_INTERVAL, SYNC_SETTLE));

    private VolumeSettings() {
    }

    /**
     * The white list of {@code -whiteList} entries.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming {@code -whiteList} and the bad entry
     */
    public static WhiteList whiteList(List<String> entries) {
        try {
            return WhiteList.parse(entries);
        } catch (HayloftException e) {
            throw HayloftException.badRequest("-whiteList: " + e.getMessage());
        }
    }
}
