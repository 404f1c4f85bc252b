package io.hayloft.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.settings.Kind;
import io.hayloft.api.settings.Setting;
import io.hayloft.cli.Main;
import io.hayloft.cli.Run;
import io.hayloft.cli.settings.ServerOptions;
import io.hayloft.filer.FilerSettings;
import io.hayloft.master.MasterSettings;
import io.hayloft.s3.S3Settings;
import io.hayloft.volume.VolumeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Every option of every server command, from its settings table: defaults, parsing, ranges. */
class SettingsTablesTest {
    /** One option of a server command: the command, its canonical flag, the setting behind it. */
    record Opt(String command, String flag, Setting<?, ?> setting) {
        @Override
        public String toString() {
            return command + " " + flag;
        }
    }

    static Stream<Opt> options() {
        List<Opt> all = new ArrayList<>();
        MasterSettings.TABLE.settings().forEach(s -> all.add(new Opt("master", s.flag(), s)));
        VolumeSettings.TABLE.settings().forEach(s -> all.add(new Opt("volume", s.flag(), s)));
        FilerSettings.TABLE.settings().forEach(s -> all.add(new Opt("filer", s.flag(), s)));
        S3Settings.TABLE.settings().forEach(s -> all.add(new Opt("s3", s.flag(), s)));
        ServerOptions.options().forEach(o -> all.add(new Opt("server", "-" + o.names().getFirst(), o.setting())));
        return all.stream();
    }

    static Stream<Opt> optionsWithDefaults() {
        return options().filter(o -> o.setting().defaultValue() != null);
    }

    static Stream<Opt> rangedOptions() {
        return options().filter(o -> !o.setting().kind().range().isEmpty());
    }

    static Stream<Opt> typedOptions() {
        return options().filter(o -> !o.setting().kind().unit().matches("(list of )?(text|path)"));
    }

    /** The configs a command builds from {@code args} (parsed, not run). */
    static List<Object> configs(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        Object user = Main.commandLine().parseArgs(all).subcommand().commandSpec().userObject();
        return switch (user) {
            case MasterCommand m -> List.of(m.config());
            case VolumeCommand v -> List.of(v.config());
            case FilerCommand f -> List.of(f.config());
            case S3Command g -> List.of(g.options());
            case ServerCommand s -> List.of(s.masterConfig(), s.volumeConfig(9333), s.filerConfig(9333),
                    s.s3Options(), s.filerEnabled());
            default -> throw new IllegalArgumentException(command);
        };
    }

    @ParameterizedTest
    @MethodSource("optionsWithDefaults")
    void defaultIsInsideItsRangeAndReadsBackFromItsText(Opt o) {
        assertDefaultReadsBack(o.setting(), o.flag());
    }

    private static <T> void assertDefaultReadsBack(Setting<?, T> s, String flag) {
        assertThat(s.kind().allowsValue(s.defaultValue())).isTrue();
        assertThat(s.parse(s.defaultText(), flag)).isEqualTo(s.defaultValue());
    }

    @ParameterizedTest
    @MethodSource("optionsWithDefaults")
    void everyFlagParsesItsDefaultGivenExplicitly(Opt o) {
        assertThat(configs(o.command(), o.flag(), o.setting().defaultText()))
                .usingRecursiveComparison().isEqualTo(configs(o.command()));
        assertThat(configs(o.command(), "-" + o.flag(), o.setting().defaultText()))
                .usingRecursiveComparison().isEqualTo(configs(o.command()));
    }

    @ParameterizedTest
    @MethodSource("rangedOptions")
    void aValueAboveTheRangeIsAUsageErrorNamingTheFlagAndTheRange(Opt o) {
        String over = above(o.setting().kind());
        assertThatThrownBy(() -> configs(o.command(), o.flag(), over))
                .isInstanceOf(ParameterException.class)
                .hasMessageStartingWith(o.flag())
                .hasMessageContaining(o.setting().kind().range())
                .hasMessageContaining(over);
    }

    @ParameterizedTest
    @MethodSource("typedOptions")
    void aMalformedValueIsAUsageErrorNamingTheFlag(Opt o) {
        assertThatThrownBy(() -> configs(o.command(), o.flag(), "b@d"))
                .isInstanceOf(ParameterException.class)
                .hasMessageStartingWith(o.flag())
                .hasMessageContaining(" must be " + o.setting().kind().noun())
                .hasMessageContaining("'b@d'");
    }

    @Test
    void anOutOfRangeValueExitsWith2AndOneLineNamingTheFlagAndTheRange() {
        Run run = Run.hayloft("volume", "-scrubMBps", "2TiB");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1)
                .startsWith("hayloft volume: -scrubMBps must be a rate in bytes a second in 0B..1TiB")
                .contains("got '2TiB'").doesNotContain("Exception");
        Run server = Run.hayloft("server", "-volumeSizeLimitMB", "40000");
        assertThat(server.exitCode()).isEqualTo(2);
        assertThat(server.err()).hasLineCount(1)
                .startsWith("hayloft server: -master.volumeSizeLimitMB/-volumeSizeLimitMB must be a size in"
                        + " 1MiB..32GiB");
    }

    @Test
    void sizesAndDurationsTakeUnitsAndBareNumbersInTheFlagsUnit() {
        assertThat(((io.hayloft.master.MasterConfig) configs("master", "-volumeSizeLimitMB", "2GiB").getFirst())
                .volumeSizeLimit()).isEqualTo(2L << 30);
        assertThat(((io.hayloft.master.MasterConfig) configs("master", "-pulseSeconds", "1500ms").getFirst())
                .pulse()).isEqualTo(Duration.ofMillis(1500));
        assertThat(((io.hayloft.master.MasterConfig) configs("master", "-vacuumIntervalMinutes", "2").getFirst())
                .vacuumInterval()).isEqualTo(Duration.ofMinutes(2));
    }

    /** The smallest value above the kind's range, as text the kind reads. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String above(Kind<?> kind) {
        String hi = kind.range().substring(kind.range().indexOf("..") + 2);
        Kind k = kind;
        Object max = kind.list() ? ((List<?>) k.parse(hi)).getFirst() : k.parse(hi);
        Object over = switch (max) {
            case Integer i -> i + 1;
            case Long l -> l + 1;
            case Double d -> d + 0.0005;
            case Duration d -> d.plusMillis(1);
            default -> throw new IllegalArgumentException("no value above " + max);
        };
        return kind.list() ? k.format(List.of(over)) : k.format(over);
    }

    @Test
    void theServerAcceptsEveryRoleSettingUnderItsPrefix() {
        CommandLine cli = Main.commandLine();
        var server = cli.getSubcommands().get("server").getCommandSpec();
        assertThat(server.optionsMap()).containsKeys("-master.port", "-master.port.raft", "-master.garbageThreshold",
                "-volume.max", "-volume.port", "-volume.publicUrl", "-volume.fileSizeLimitMB", "-filer.port",
                "-filer.config", "-filer.maxMB", "-volumeSizeLimitMB", "-defaultReplication", "-dataCenter", "-rack",
                "-fsync", "-replicationGrace", "-ip", "-ip.bind", "-whiteList", "-pulseSeconds", "-dir", "-filer",
                "-s3", "-s3.port", "-s3.config");
    }
}
