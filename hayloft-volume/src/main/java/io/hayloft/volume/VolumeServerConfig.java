package io.hayloft.volume;

import io.hayloft.http.WhiteList;
import io.hayloft.api.HayloftException;
import io.hayloft.volume.scrub.ScrubConfig;
import io.hayloft.volume.sync.SyncConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Everything a volume server needs to start, with units.
 *
 * @param bindHost      address the HTTP server binds to
 * @param advertisedHost host other servers reach it at; with {@code port} it is the node's url
 * @param port          HTTP port (8080; 0 picks a free one)
 * @param publicUrl     {@code host:port} handed to clients; null means {@code advertisedHost:port}
 * @param dirs          data directories ({@code -dir ./d1,./d2}); the first also holds the node meta file
 * @param maxVolumes    volume slots per directory ({@code -max 7,5}); one value applies to every dir
 * @param masters       master {@code host:port} list, tried in order ({@code -mserver})
 * @param dataCenter    {@code -dataCenter}, "DefaultDataCenter" when empty
 * @param rack          {@code -rack}, "DefaultRack" when empty
 * @param pulse         heartbeat period ({@code -pulseSeconds})
 * @param fsync         fsync every write before acknowledging it (group commit)
 * @param fileSizeLimit largest accepted upload body, bytes ({@code -fileSizeLimitMB})
 * @param clock         time source; tests pass a fake one
 * @param whiteList     addresses allowed to POST, PUT and DELETE ({@code -whiteList}; must include
 *                      the masters and the other volume servers, which allocate volumes and send
 *                      replica copies); open by default
 * @param scrub         background scrub rate and period ({@code -scrubMBps}, {@code -scrubIntervalMinutes})
 * @param ttlGrace      how long a TTL volume whose newest needle expired stays on disk (reported
 *                      read-only, so it takes no new assignments) before it is deleted ({@code -ttlGraceSeconds})
 * @param sync          background replica sync period ({@code -syncIntervalSeconds}) and settle time
 */
public record VolumeServerConfig(String bindHost, String advertisedHost, int port, String publicUrl,
                                 List<Path> dirs, List<Integer> maxVolumes, List<String> masters,
                                 String dataCenter, String rack, Duration pulse, boolean fsync,
                                 long fileSizeLimit, Clock clock, WhiteList whiteList, ScrubConfig scrub,
                                 Duration ttlGrace, SyncConfig sync) {
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_FILE_SIZE_LIMIT = 256L * 1024 * 1024;
    public static final String DEFAULT_DATA_CENTER = "DefaultDataCenter";
    public static final String DEFAULT_RACK = "DefaultRack";
    /** SeaweedFS's longest removal delay of an expired TTL volume. */
    public static final Duration DEFAULT_TTL_GRACE = Duration.ofMinutes(10);

    public VolumeServerConfig {
        dirs = List.copyOf(dirs);
        maxVolumes = List.copyOf(maxVolumes);
        masters = List.copyOf(masters);
        dataCenter = dataCenter == null || dataCenter.isEmpty() ? DEFAULT_DATA_CENTER : dataCenter;
        rack = rack == null || rack.isEmpty() ? DEFAULT_RACK : rack;
    }

    /** SeaweedFS's defaults: port 8080, 7 volumes per dir, master localhost:9333, 5 s pulse, no fsync. */
    public static VolumeServerConfig defaults(List<Path> dirs) {
        return new VolumeServerConfig("0.0.0.0", "localhost", DEFAULT_PORT, null, dirs, List.of(7),
                List.of("localhost:9333"), "", "", Duration.ofSeconds(5), false, DEFAULT_FILE_SIZE_LIMIT,
                Clock.systemUTC(), WhiteList.OPEN, ScrubConfig.defaults(), DEFAULT_TTL_GRACE,
                SyncConfig.defaults());
    }

    /**
     * Loopback, ephemeral port, short pulse, pointing at {@code master}, no background replica sync
     * (tests that want it turn it on): for tests.
     */
    public static VolumeServerConfig forTest(List<Path> dirs, String master) {
        return defaults(dirs).withHosts("127.0.0.1", "127.0.0.1").withPort(0).withMasters(List.of(master))
                .withPulse(Duration.ofMillis(300)).withSync(SyncConfig.DISABLED);
    }

    public VolumeServerConfig withHosts(String bind, String advertised) {
        return new VolumeServerConfig(bind, advertised, port, publicUrl, dirs, maxVolumes, masters, dataCenter,
                rack, pulse, fsync, fileSizeLimit, clock, whiteList, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withPort(int p) {
        return new VolumeServerConfig(bindHost, advertisedHost, p, publicUrl, dirs, maxVolumes, masters, dataCenter,
                rack, pulse, fsync, fileSizeLimit, clock, whiteList, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withPublicUrl(String url) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, url, dirs, maxVolumes, masters, dataCenter,
                rack, pulse, fsync, fileSizeLimit, clock, whiteList, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withMaxVolumes(List<Integer> max) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, max, masters, dataCenter,
                rack, pulse, fsync, fileSizeLimit, clock, whiteList, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withMasters(List<String> m) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, maxVolumes, m, dataCenter,
                rack, pulse, fsync, fileSizeLimit, clock, whiteList, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withLocation(String dc, String r) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, maxVolumes, masters, dc,
                r, pulse, fsync, fileSizeLimit, clock, whiteList, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withPulse(Duration d) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, maxVolumes, masters, dataCenter,
                rack, d, fsync, fileSizeLimit, clock, whiteList, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withFsync(boolean f) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, maxVolumes, masters, dataCenter,
                rack, pulse, f, fileSizeLimit, clock, whiteList, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withFileSizeLimit(long bytes) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, maxVolumes, masters, dataCenter,
                rack, pulse, fsync, bytes, clock, whiteList, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withWhiteList(WhiteList w) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, maxVolumes, masters, dataCenter,
                rack, pulse, fsync, fileSizeLimit, clock, w, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withClock(Clock c) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, maxVolumes, masters, dataCenter,
                rack, pulse, fsync, fileSizeLimit, c, whiteList, scrub, ttlGrace, sync);
    }

    public VolumeServerConfig withScrub(ScrubConfig s) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, maxVolumes, masters, dataCenter,
                rack, pulse, fsync, fileSizeLimit, clock, whiteList, s, ttlGrace, sync);
    }

    public VolumeServerConfig withTtlGrace(Duration grace) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, maxVolumes, masters, dataCenter,
                rack, pulse, fsync, fileSizeLimit, clock, whiteList, scrub, grace, sync);
    }

    public VolumeServerConfig withSync(SyncConfig s) {
        return new VolumeServerConfig(bindHost, advertisedHost, port, publicUrl, dirs, maxVolumes, masters, dataCenter,
                rack, pulse, fsync, fileSizeLimit, clock, whiteList, scrub, ttlGrace, s);
    }

    /** Slots of directory {@code i}: its own {@code -max} value, or the last one given. */
    public int maxVolumesOf(int i) {
        return maxVolumes.get(Math.min(i, maxVolumes.size() - 1));
    }

    /** Checks every range; throws {@code BAD_REQUEST} naming the bad setting. */
    public VolumeServerConfig validate() {
        HayloftException.checkArgument(port >= 0 && port <= 65535, "port must be 0..65535, got " + port);
        HayloftException.checkArgument(!dirs.isEmpty(), "-dir needs at least one directory");
        HayloftException.checkArgument(!maxVolumes.isEmpty() && maxVolumes.size() <= dirs.size(),
                "-max needs one count, or one per -dir");
        HayloftException.checkArgument(maxVolumes.stream().allMatch(m -> m >= 0 && m <= 100_000),
                "-max counts must be 0..100000");
        HayloftException.checkArgument(!masters.isEmpty(), "-mserver needs at least one master");
        HayloftException.checkArgument(!pulse.isNegative() && !pulse.isZero(), "pulse must be positive");
        HayloftException.checkArgument(fileSizeLimit > 0, "fileSizeLimitMB must be positive");
        HayloftException.checkArgument(scrub != null, "scrub settings are required");
        HayloftException.checkArgument(sync != null, "sync settings are required");
        HayloftException.checkArgument(ttlGrace != null && !ttlGrace.isNegative(), "ttlGraceSeconds must be 0 or more");
        return this;
    }
}
