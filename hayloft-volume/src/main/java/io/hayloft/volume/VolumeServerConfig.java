package io.hayloft.volume;

import io.hayloft.http.WhiteList;
import io.hayloft.security.SecurityConfig;
import io.hayloft.api.HayloftException;
import io.hayloft.volume.scrub.ScrubConfig;
import io.hayloft.volume.sync.SyncConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything a volume server needs to start, with units. Build with {@link #defaults} and the
 * {@code with...} methods; the constructor checks every value against {@link VolumeSettings}.
 *
 * @param bindHost      address the HTTP server binds to
 * @param advertisedHost host other servers reach it at; with {@code port} it is the node's url
 * @param port          HTTP port (8080; 0 picks a free one)
 * @param publicUrl     {@code host:port} handed to clients; null means {@code advertisedHost:port}
 * @param dirs          data directories ({@code -dir ./d1,./d2}); the first also holds the node meta file
 * @param maxVolumes    volume slots per directory ({@code -max 7,5}); one value applies to every dir; 0 = sized from free space
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
 *                      ({@code -syncSettleSeconds})
 * @param security      {@code security.toml}: fid tokens asked of uploads, deletes (and reads), the internal token
 *                      asked of admin and internal calls and sent to other roles, TLS; {@link SecurityConfig#NONE} by default
 * @param bodyMemory    bytes of large upload bodies and needles read that may be held on the heap at once (one
 *                      alone may exceed it); 0, the default, means a quarter of the JVM's maximum heap
 */
public record VolumeServerConfig(String bindHost, String advertisedHost, int port, String publicUrl,
                                 List<Path> dirs, List<Integer> maxVolumes, List<String> masters,
                                 String dataCenter, String rack, Duration pulse, boolean fsync,
                                 long fileSizeLimit, Clock clock, WhiteList whiteList, ScrubConfig scrub,
                                 Duration ttlGrace, SyncConfig sync, SecurityConfig security, long bodyMemory) {
    public static final int DEFAULT_PORT = VolumeSettings.PORT.defaultValue();
    /**
     * Volume slots per directory unless {@code -max} says otherwise, for {@code volume -max} and
     * {@code server -volume.max} alike: 0, sized from the directory's free space and the volume
     * size limit, at least {@link io.hayloft.volume.store.DiskLocation#MIN_AUTO_SLOTS}.
     */
    public static final int DEFAULT_MAX_VOLUMES = VolumeSettings.MAX_VOLUMES.defaultValue().getFirst();
    public static final long DEFAULT_FILE_SIZE_LIMIT = VolumeSettings.FILE_SIZE_LIMIT.defaultValue();
    public static final String DEFAULT_DATA_CENTER = "DefaultDataCenter";
    public static final String DEFAULT_RACK = "DefaultRack";
    /** SeaweedFS's longest removal delay of an expired TTL volume. */
    public static final Duration DEFAULT_TTL_GRACE = VolumeSettings.TTL_GRACE.defaultValue();

    /**
     * Checks every value against its setting in {@link VolumeSettings} (the message names the flag and
     * its range), and that {@code -max} gives one count or one per {@code -dir}.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming the bad setting
     */
    public VolumeServerConfig {
        HayloftException.checkArgument(bindHost != null && !bindHost.isBlank(), "-ip.bind must not be empty");
        HayloftException.checkArgument(advertisedHost != null && !advertisedHost.isBlank(), "-ip must not be empty");
        VolumeSettings.PORT.check(port);
        dirs = List.copyOf(VolumeSettings.DIRS.check(dirs));
        HayloftException.checkArgument(!dirs.isEmpty(), "-dir needs at least one directory");
        maxVolumes = List.copyOf(VolumeSettings.MAX_VOLUMES.check(maxVolumes));
        HayloftException.checkArgument(!maxVolumes.isEmpty() && maxVolumes.size() <= dirs.size(),
                "-max needs one count, or one per -dir (" + dirs.size() + "), got " + maxVolumes.size());
        masters = List.copyOf(VolumeSettings.MASTERS.check(masters));
        HayloftException.checkArgument(!masters.isEmpty(), "-mserver needs at least one master");
        dataCenter = dataCenter == null || dataCenter.isEmpty() ? DEFAULT_DATA_CENTER : dataCenter;
        rack = rack == null || rack.isEmpty() ? DEFAULT_RACK : rack;
        VolumeSettings.PULSE.check(pulse);
        VolumeSettings.FILE_SIZE_LIMIT.check(fileSizeLimit);
        HayloftException.checkArgument(clock != null, "clock is required");
        HayloftException.checkArgument(whiteList != null, "whiteList is required (WhiteList.OPEN for anyone)");
        HayloftException.checkArgument(scrub != null, "scrub settings are required");
        VolumeSettings.SCRUB_RATE.check(scrub.bytesPerSecond());
        VolumeSettings.SCRUB_INTERVAL.check(scrub.interval());
        VolumeSettings.TTL_GRACE.check(ttlGrace);
        HayloftException.checkArgument(sync != null, "sync settings are required");
        VolumeSettings.SYNC_INTERVAL.check(sync.interval());
        VolumeSettings.SYNC_SETTLE.check(sync.settle());
        HayloftException.checkArgument(security != null, "security is required (SecurityConfig.NONE for none)");
        HayloftException.checkArgument(bodyMemory >= 0, "body memory must not be negative");
    }

    /** {@link #bodyMemory()} in bytes, its default resolved against this JVM's heap. */
    public long effectiveBodyMemory() {
        return bodyMemory > 0 ? bodyMemory : Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * SeaweedFS's defaults: port 8080, master localhost:9333, 5 s pulse, no fsync; slots sized from
     * free space ({@link #DEFAULT_MAX_VOLUMES}, as SeaweedFS's {@code -max 0}).
     */
    public static VolumeServerConfig defaults(List<Path> dirs) {
        return new VolumeServerConfig(VolumeSettings.BIND_IP.defaultValue(), VolumeSettings.IP.defaultValue(),
                DEFAULT_PORT, null, dirs, VolumeSettings.MAX_VOLUMES.defaultValue(),
                VolumeSettings.MASTERS.defaultValue(), VolumeSettings.DATA_CENTER.defaultValue(),
                VolumeSettings.RACK.defaultValue(), VolumeSettings.PULSE.defaultValue(),
                VolumeSettings.FSYNC.defaultValue(), DEFAULT_FILE_SIZE_LIMIT, Clock.systemUTC(),
                VolumeSettings.whiteList(VolumeSettings.WHITE_LIST.defaultValue()),
                new ScrubConfig(VolumeSettings.SCRUB_RATE.defaultValue(), VolumeSettings.SCRUB_INTERVAL.defaultValue()),
                DEFAULT_TTL_GRACE, new SyncConfig(VolumeSettings.SYNC_INTERVAL.defaultValue(),
                VolumeSettings.SYNC_SETTLE.defaultValue()), SecurityConfig.NONE, 0);
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
        return with(c -> {
            c.bindHost = bind;
            c.advertisedHost = advertised;
        });
    }

    public VolumeServerConfig withDirs(List<Path> d) {
        return with(c -> c.dirs = d);
    }

    public VolumeServerConfig withPort(int p) {
        return with(c -> c.port = p);
    }

    public VolumeServerConfig withPublicUrl(String url) {
        return with(c -> c.publicUrl = url);
    }

    public VolumeServerConfig withMaxVolumes(List<Integer> max) {
        return with(c -> c.maxVolumes = max);
    }

    public VolumeServerConfig withMasters(List<String> m) {
        return with(c -> c.masters = m);
    }

    public VolumeServerConfig withLocation(String dc, String r) {
        return with(c -> {
            c.dataCenter = dc;
            c.rack = r;
        });
    }

    public VolumeServerConfig withPulse(Duration d) {
        return with(c -> c.pulse = d);
    }

    public VolumeServerConfig withFsync(boolean f) {
        return with(c -> c.fsync = f);
    }

    public VolumeServerConfig withFileSizeLimit(long bytes) {
        return with(c -> c.fileSizeLimit = bytes);
    }

    public VolumeServerConfig withWhiteList(WhiteList w) {
        return with(c -> c.whiteList = w);
    }

    public VolumeServerConfig withClock(Clock c) {
        return with(x -> x.clock = c);
    }

    public VolumeServerConfig withScrub(ScrubConfig s) {
        return with(c -> c.scrub = s);
    }

    public VolumeServerConfig withTtlGrace(Duration grace) {
        return with(c -> c.ttlGrace = grace);
    }

    public VolumeServerConfig withSecurity(SecurityConfig s) {
        return with(c -> c.security = s);
    }

    public VolumeServerConfig withSync(SyncConfig s) {
        return with(c -> c.sync = s);
    }

    public VolumeServerConfig withBodyMemory(long bytes) {
        return with(c -> c.bodyMemory = bytes);
    }

    /** A copy with {@code change} applied to its components: the one place the canonical constructor is repeated. */
    private VolumeServerConfig with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new VolumeServerConfig(c.bindHost, c.advertisedHost, c.port, c.publicUrl, c.dirs, c.maxVolumes,
                c.masters, c.dataCenter, c.rack, c.pulse, c.fsync, c.fileSizeLimit, c.clock, c.whiteList, c.scrub,
                c.ttlGrace, c.sync, c.security, c.bodyMemory);
    }

    /** The components of a config being copied, mutable for the {@code withX} methods. */
    private static final class Copy {
        String bindHost;
        String advertisedHost;
        int port;
        String publicUrl;
        List<Path> dirs;
        List<Integer> maxVolumes;
        List<String> masters;
        String dataCenter;
        String rack;
        Duration pulse;
        boolean fsync;
        long fileSizeLimit;
        Clock clock;
        WhiteList whiteList;
        ScrubConfig scrub;
        Duration ttlGrace;
        SyncConfig sync;
        SecurityConfig security;
        long bodyMemory;

        Copy(VolumeServerConfig from) {
            bindHost = from.bindHost;
            advertisedHost = from.advertisedHost;
            port = from.port;
            publicUrl = from.publicUrl;
            dirs = from.dirs;
            maxVolumes = from.maxVolumes;
            masters = from.masters;
            dataCenter = from.dataCenter;
            rack = from.rack;
            pulse = from.pulse;
            fsync = from.fsync;
            fileSizeLimit = from.fileSizeLimit;
            clock = from.clock;
            whiteList = from.whiteList;
            scrub = from.scrub;
            ttlGrace = from.ttlGrace;
            sync = from.sync;
            security = from.security;
            bodyMemory = from.bodyMemory;
        }
    }

    /** Slots of directory {@code i}: its own {@code -max} value, or the last one given. */
    public int maxVolumesOf(int i) {
        return maxVolumes.get(Math.min(i, maxVolumes.size() - 1));
    }

    /**
     * Returns this config: its constructor already checked every range (with the message naming the
     * flag), so a config that exists is valid. Kept so that start-up code can say where it relies on it.
     */
    public VolumeServerConfig validate() {
        return this;
    }
}
