package io.hayloft.cli.settings;

import io.hayloft.api.settings.Kinds;
import io.hayloft.api.settings.Setting;
import io.hayloft.api.settings.SettingsTable;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerSettings;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterSettings;
import io.hayloft.s3.S3Options;
import io.hayloft.s3.S3Settings;
import io.hayloft.volume.VolumeServerConfig;
import io.hayloft.volume.VolumeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hayloft server}'s options, composed from the roles' tables as SeaweedFS's {@code weed server}
 * does: its own {@code -dir}, {@code -filer} and {@code -s3}; settings every role shares once ({@code -ip},
 * {@code -ip.bind}, {@code -whiteList}, {@code -pulseSeconds}); every other role setting under the
 * role's prefix ({@code -master.port}, {@code -volume.max}, {@code -filer.maxMB}, {@code -s3.port}), with the older
 * unprefixed spellings kept ({@code -volumeSizeLimitMB}, {@code -dataCenter}, {@code -fsync}, ...).
 * Settings that tie the roles together are derived, not options: the master's metadata directory
 * and peers, the volume server's directory and master, the filer's directory and master, the gateway's
 * key directory and filer (the one in this process).
 */
public final class ServerOptions {
    /**
     * The server's own settings.
     *
     * @param dir   data directory: {@code dir/master}, {@code dir/volume}, {@code dir/filer}, {@code dir/s3}
     * @param filer whether a filer runs too
     * @param s3    whether an S3 gateway runs over the filer too (only with the filer)
     */
    public record Layout(Path dir, boolean filer, boolean s3) {
        Layout withDir(Path d) {
            return new Layout(d, filer, s3);
        }

        Layout withFiler(boolean f) {
            return new Layout(dir, f, s3);
        }

        Layout withS3(boolean g) {
            return new Layout(dir, filer, g);
        }
    }

    public static final Setting<Layout, Path> DIR = Setting.of("dir", Kinds.path(), Path.of("hayloft-data"),
            "Data directory: master metadata in DIR/master, volumes in DIR/volume, filer metadata in DIR/filer.",
            Layout::withDir);
    public static final Setting<Layout, Boolean> FILER = Setting.of("filer", Kinds.flag(), true,
            "Also start a filer (-filer=false: do not).", Layout::withFiler);
    public static final Setting<Layout, Boolean> S3 = Setting.of("s3", Kinds.flag(), true,
            "Also start an S3 gateway over the filer (-s3=false: do not).", Layout::withS3);
    /** The server's own settings. */
    public static final SettingsTable<Layout> OWN = new SettingsTable<>("server", List.of(DIR, FILER, S3));
    /** The server's switch of each optional role, listed before the role's prefixed options. */
    private static final Map<String, Setting<Layout, Boolean>> SWITCHES = Map.of("filer", FILER, "s3", S3);

    /** Settings given once for every role that has them, with the server's description of each. */
    public static final Map<String, String> SHARED = shared();
    /** Per role, the settings the server derives from {@code -dir}, {@code -ip} and the master's port. */
    public static final Map<String, Set<String>> DERIVED = Map.of(
            "master", Set.of("mdir", "peers"),
            "volume", Set.of("dir", "mserver"),
            "filer", Set.of("dir", "master"),
            "s3", Set.of("dir", "filer"));
    /** Older spellings of prefixed options, kept: {@code -volumeSizeLimitMB} is {@code -master.volumeSizeLimitMB}. */
    public static final Map<String, String> ALIASES = Map.of(
            "master.volumeSizeLimitMB", "volumeSizeLimitMB",
            "master.defaultReplication", "defaultReplication",
            "master.replicationGrace", "replicationGrace",
            "master.replicationMBps", "replicationMBps",
            "master.replicationConcurrency", "replicationConcurrency",
            "volume.dataCenter", "dataCenter",
            "volume.rack", "rack",
            "volume.fsync", "fsync");
    /** The roles in order, with their tables. */
    public static final Map<String, SettingsTable<?>> ROLES = roles();

    private ServerOptions() {
    }

    private static Map<String, String> shared() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ip", "Host name clients and peers reach this server's roles at.");
        m.put("ip.bind", "Address every role listens on (0.0.0.0: all interfaces).");
        m.put("whiteList", "Only these IPs / CIDR blocks (IPv4, IPv6) may write to or run admin calls on the master"
                + " and the volume server; include this host's own address (its roles call each other)."
                + " Reads stay open. None: anyone.");
        m.put("pulseSeconds", "Heartbeat period of the volume server (the master expects the same).");
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, SettingsTable<?>> roles() {
        Map<String, SettingsTable<?>> m = new LinkedHashMap<>();
        m.put("master", MasterSettings.TABLE);
        m.put("volume", VolumeSettings.TABLE);
        m.put("filer", FilerSettings.TABLE);
        m.put("s3", S3Settings.TABLE);
        return Collections.unmodifiableMap(m);
    }

    /** One option of {@code hayloft server}: its setting, its names (the first canonical) and description. */
    public record ServerOption(Setting<?, ?> setting, List<String> names, String description) {
    }

    /** Every option of {@code hayloft server}, in {@code --help} order. */
    public static List<ServerOption> options() {
        List<ServerOption> out = new ArrayList<>();
        out.add(new ServerOption(DIR, List.of(DIR.name()), DIR.description()));
        for (Map.Entry<String, String> shared : SHARED.entrySet()) {
            out.add(new ServerOption(sharedSetting(shared.getKey()), List.of(shared.getKey()), shared.getValue()));
        }
        for (Map.Entry<String, SettingsTable<?>> role : ROLES.entrySet()) {
            Setting<Layout, Boolean> roleSwitch = SWITCHES.get(role.getKey());
            if (roleSwitch != null) {
                out.add(new ServerOption(roleSwitch, List.of(roleSwitch.name()), roleSwitch.description()));
            }
            for (Setting<?, ?> s : role.getValue().settings()) {
                if (DERIVED.get(role.getKey()).contains(s.name()) || SHARED.containsKey(s.name())) {
                    continue;
                }
                String name = role.getKey() + "." + s.name();
                String alias = ALIASES.get(name);
                out.add(new ServerOption(s, alias == null ? List.of(name) : List.of(name, alias), s.description()));
            }
        }
        return out;
    }

    /** The setting behind shared option {@code name}: the first role's that has it. */
    public static Setting<?, ?> sharedSetting(String name) {
        return ROLES.values().stream().flatMap(t -> t.find(name).stream()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no role has shared setting " + name));
    }

    /** Adds every option of {@link #options()} to {@code spec}. */
    static void addTo(CommandSpec spec) {
        for (ServerOption o : options()) {
            SettingOptions.add(spec, o.setting(), o.names(), o.description());
        }
    }

    /**
     * The server's own settings from {@code spec}'s options.
     *
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} naming the flag of a bad value
     */
    public static Layout layout(CommandSpec spec) {
        return SettingOptions.apply(spec, OWN, new Layout(DIR.defaultValue(), FILER.defaultValue(), S3.defaultValue()));
    }

    /**
     * The master's config: metadata in {@code -dir}/master, every other setting from its option.
     *
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} naming the flag of a bad value
     */
    public static MasterConfig master(CommandSpec spec) {
        return role(spec, "master", MasterSettings.TABLE, MasterConfig.defaults(layout(spec).dir().resolve("master")));
    }

    /**
     * The volume server's config: volumes in {@code -dir}/volume, reporting to the master at
     * {@code -ip:masterPort}, every other setting from its option.
     *
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} naming the flag of a bad value
     */
    public static VolumeServerConfig volume(CommandSpec spec, int masterPort) {
        VolumeServerConfig base = VolumeServerConfig.defaults(List.of(layout(spec).dir().resolve("volume")))
                .withMasters(List.of(ip(spec) + ":" + masterPort));
        return role(spec, "volume", VolumeSettings.TABLE, base);
    }

    /**
     * The filer's config: metadata in {@code -dir}/filer, the master at {@code -ip:masterPort}, every
     * other setting from its option.
     *
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} naming the flag of a bad value
     */
    public static FilerConfig filer(CommandSpec spec, int masterPort) {
        FilerConfig base = FilerConfig.defaults(layout(spec).dir().resolve("filer"),
                List.of(ip(spec) + ":" + masterPort));
        return role(spec, "filer", FilerSettings.TABLE, base);
    }

    /**
     * The S3 gateway's settings: the generated key pair in {@code -dir}/s3, the filer in this process,
     * every other setting from its option ({@code -s3.port}, {@code -s3.config}).
     *
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} naming the flag of a bad value
     */
    public static S3Options s3(CommandSpec spec) {
        return role(spec, "s3", S3Settings.TABLE, S3Options.defaults().withKeyDir(layout(spec).dir().resolve("s3")));
    }

    private static String ip(CommandSpec spec) {
        String flag = MasterSettings.IP.flag();
        return MasterSettings.IP.parse(SettingOptions.text(spec, flag), SettingOptions.label(spec, flag, flag));
    }

    private static <C> C role(CommandSpec spec, String role, SettingsTable<C> table,
                              C base) {
        C config = base;
        for (Setting<C, ?> s : table.settings()) {
            if (DERIVED.get(role).contains(s.name())) {
                continue;
            }
            String name = SHARED.containsKey(s.name()) ? s.name() : role + "." + s.name();
            String alias = ALIASES.get(name);
            String flag = "-" + name + (alias == null ? "" : "/-" + alias);
            config = SettingsTable.applyOne(s, config, SettingOptions.text(spec, "-" + name),
                    SettingOptions.label(spec, "-" + name, flag));
        }
        return config;
    }
}
