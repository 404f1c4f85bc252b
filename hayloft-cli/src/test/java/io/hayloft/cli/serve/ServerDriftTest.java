package io.hayloft.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.settings.Setting;
import io.hayloft.api.settings.SettingsTable;
import io.hayloft.cli.Main;
import io.hayloft.cli.settings.ServerOptions;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerSettings;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterSettings;
import io.hayloft.s3.S3Options;
import io.hayloft.s3.S3Settings;
import io.hayloft.volume.VolumeServerConfig;
import io.hayloft.volume.VolumeSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code hayloft server} and the role commands agree on every setting they share. */
class ServerDriftTest {
    private static CommandSpec command(String name) {
        return Main.commandLine().getSubcommands().get(name).getCommandSpec();
    }

    @Test
    void aSettingSharedByTheRolesHasOneDefault() {
        for (String name : ServerOptions.SHARED.keySet()) {
            List<String> defaults = ServerOptions.ROLES.values().stream()
                    .flatMap(t -> t.find(name).stream()).map(Setting::defaultText).distinct().toList();
            assertThat(defaults).as(name).hasSize(1);
        }
    }

    @Test
    void everyServerOptionHasTheSameDefaultAndRangeAsTheRolesOwnFlag() {
        CommandSpec server = command("server");
        int compared = 0;
        for (Map.Entry<String, SettingsTable<?>> role : ServerOptions.ROLES.entrySet()) {
            CommandSpec roleCommand = command(role.getKey());
            for (Setting<?, ?> s : role.getValue().settings()) {
                OptionSpec mine = roleCommand.optionsMap().get(s.flag());
                OptionSpec prefixed = server.optionsMap().get("-" + role.getKey() + "." + s.name());
                OptionSpec theirs = prefixed != null ? prefixed : server.optionsMap().get(s.flag());
                if (ServerOptions.DERIVED.get(role.getKey()).contains(s.name())) {
                    assertThat(prefixed).as("derived " + role.getKey() + " " + s.flag()).isNull();
                    continue;
                }
                assertThat(theirs).as("server option for " + role.getKey() + " " + s.flag()).isNotNull();
                assertThat(theirs.defaultValue()).as(role.getKey() + " " + s.flag())
                        .isEqualTo(mine.defaultValue());
                assertThat(theirs.paramLabel()).isEqualTo(mine.paramLabel());
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(30);
    }

    @Test
    void volumeMaxAndServerVolumeMaxShareOneDefault() {
        assertThat(command("server").optionsMap().get("-volume.max").defaultValue())
                .isEqualTo(command("volume").optionsMap().get("-max").defaultValue()).isEqualTo("0");
    }

    @Test
    void theServerBuildsEachRolesConfigAsTheRoleCommandDoesSaveWhatItDerives() {
        var server = SettingsTablesTest.configs("server");
        MasterConfig master = (MasterConfig) SettingsTablesTest.configs("master").getFirst();
        VolumeServerConfig volume = (VolumeServerConfig) SettingsTablesTest.configs("volume").getFirst();
        FilerConfig filer = (FilerConfig) SettingsTablesTest.configs("filer").getFirst();
        assertThat(server.get(0)).usingRecursiveComparison().ignoringFields("metaDir").isEqualTo(master);
        assertThat(server.get(1)).usingRecursiveComparison().ignoringFields("dirs").isEqualTo(volume);
        assertThat(server.get(2)).usingRecursiveComparison().ignoringFields("dir").isEqualTo(filer);
        S3Options s3 = (S3Options) SettingsTablesTest.configs("s3").getFirst();
        assertThat(server.get(3)).usingRecursiveComparison().ignoringFields("keyDir").isEqualTo(s3);
        assertThat(((S3Options) server.get(3)).keyDir()).isEqualTo(Path.of("hayloft-data", "s3"));
        assertThat(((MasterConfig) server.get(0)).metaDir()).isEqualTo(Path.of("hayloft-data", "master"));
    }

    @Test
    void theConfigRecordsDefaultsAreTheTablesDefaults(@org.junit.jupiter.api.io.TempDir Path dir) {
        // applying every setting's default to a test config must give the record's own defaults
        assertThat(MasterSettings.TABLE.apply(MasterConfig.forTest(dir), Map.of()))
                .usingRecursiveComparison().isEqualTo(MasterConfig.defaults(MasterSettings.META_DIR.defaultValue()));
        assertThat(VolumeSettings.TABLE.apply(VolumeServerConfig.forTest(List.of(dir), "m:1"), Map.of()))
                .usingRecursiveComparison()
                .isEqualTo(VolumeServerConfig.defaults(VolumeSettings.DIRS.defaultValue()));
        assertThat(FilerSettings.TABLE.apply(FilerConfig.forTest(dir, "m:1"), Map.of()))
                .usingRecursiveComparison()
                .isEqualTo(FilerConfig.defaults(FilerSettings.DIR.defaultValue(), FilerSettings.MASTERS.defaultValue()));
        assertThat(S3Settings.TABLE.apply(S3Options.defaults().withPort(0).withFiler("f:1"), Map.of()))
                .isEqualTo(S3Options.defaults());
    }
}
