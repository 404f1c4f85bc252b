package io.hayloft.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.Run;
import io.hayloft.s3.S3Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class S3CommandTest {
    @TempDir
    Path dir;

    private static S3Command parse(String... args) {
        S3Command command = new S3Command();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void defaultsServePort8333OverTheLocalFilerWithAKeyPairKeptInDir() {
        S3Command command = parse("-dir", dir.resolve("s3").toString());
        S3Gateways.Credentials credentials = command.credentials();
        S3Config config = command.config(credentials);
        assertThat(config.port()).isEqualTo(8333);
        assertThat(config.filer().describe()).isEqualTo("localhost:8888");
        assertThat(credentials.identities().get().size()).isEqualTo(1);
        assertThat(credentials.announcement()).contains("access key:", "secret key:");
        assertThat(parse("-dir", dir.resolve("s3").toString()).credentials().announcement()).doesNotContain("secret key");
    }

    @Test
    void readsIdentitiesFromConfig() throws Exception {
        Path file = Files.writeString(dir.resolve("s3.json"), """
                {"identities": [{"name": "a", "credentials": [{"accessKey": "K", "secretKey": "S"}], "actions": ["Read"]}]}""");
        S3Command command = parse("-config", file.toString(), "-port", "9444", "-filer", "f:1");
        S3Config config = command.config(command.credentials());
        assertThat(config.port()).isEqualTo(9444);
        assertThat(config.filer().describe()).isEqualTo("f:1");
        assertThat(config.identities().get().find("K")).isPresent();
    }

    @Test
    void domainNamesAndAnExternalUrlReachTheGatewaysConfigAndBadOnesAreUsageErrors() throws Exception {
        Path file = Files.writeString(dir.resolve("s3v.json"), """
                {"identities": [{"name": "a", "credentials": [{"accessKey": "K", "secretKey": "S"}], "actions": ["Read"]}]}""");
        S3Command command = parse("-config", file.toString(), "-filer", "f:1", "-domainName", "s3.example.com,s3.local",
                "-externalUrl", "https://s3.example.com");
        S3Config config = command.config(command.credentials());
        assertThat(config.addressing().bucketOf("photos.s3.local:8333")).hasValue("photos");
        assertThat(config.addressing().externalHost()).hasValue("s3.example.com");
        Run run = Run.hayloft("s3", "-config", file.toString(), "-domainName", "http://s3.example.com");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("-domainName");
        assertThat(Run.hayloft("s3", "-config", file.toString(), "-externalUrl", "s3.example.com").err())
                .contains("-externalUrl");
    }

    @Test
    void aBadConfigFileIsAUsageError() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"identities\": [{\"name\": \"a\", \"actions\": [\"Fly\"]}]}");
        Run run = Run.hayloft("s3", "-config", file.toString(), "-port", "0");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("unknown action 'Fly'");
        assertThat(Run.hayloft("s3", "-config", dir.resolve("missing.json").toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void aBadPortIsAUsageErrorNamingTheFlagAndItsRange() {
        Run run = Run.hayloft("s3", "-port", "99999", "-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).contains("-port must be a port in 0..65535 (0 picks a free one), got '99999'");
        assertThat(Run.hayloft("s3", "-port", "x", "-dir", dir.toString()).err()).contains("-port must be a port");
        assertThat(Run.hayloft("s3", "-filer", "", "-dir", dir.toString()).err()).contains("-filer");
    }

    @Test
    void theGatewaysSettingsComeFromTheTomlFileAndABadOneNamesItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("s3.toml"), "[s3]\nfiler = \"f:2\"\nport = 70000\n");
        Run run = Run.hayloft("-config", file.toString(), "s3", "-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":3: port: must be a port in 0..65535");
        Path server = Files.writeString(dir.resolve("server.toml"), "[server]\n\"s3.port\" = \"x\"\n");
        Run serverRun = Run.hayloft("-config", server.toString(), "server", "-dir", dir.toString());
        assertThat(serverRun.exitCode()).isEqualTo(2);
        assertThat(serverRun.err()).contains(server + ":2: s3.port: must be a port");
    }
}
