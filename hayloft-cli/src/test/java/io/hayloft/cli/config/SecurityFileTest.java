package io.hayloft.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.cli.HayloftCommand;
import io.hayloft.cli.Main;
import io.hayloft.security.SecurityConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SecurityFileTest {
    @TempDir
    Path dir;

    private SecurityConfig parse(String text) {
        return SecurityFile.parse(TomlFile.parse(text, "security.toml"), dir, Clock.systemUTC());
    }

    @Test
    void readsEachSection() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        Files.writeString(dir.resolve("node.pem"), "x");
        Files.writeString(dir.resolve("node-key.pem"), "x");
        SecurityConfig s = parse("""
                [jwt.signing]
                key = "the-write-signing-key"
                expires_after_seconds = 7
                [jwt.signing.read]
                key = "the-read-signing-key!"
                [internal]
                key = "the-internal-key-here"
                [tls]
                ca = "ca.pem"
                cert = "node.pem"
                key = "node-key.pem"
                mutual = true
                """);
        assertThat(s.write().orElseThrow().lifetime()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.read().orElseThrow().lifetime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.internal()).isPresent();
        assertThat(s.tls().orElseThrow().ca()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(s.tls().orElseThrow().mutual()).isTrue();
        assertThat(s.scheme()).isEqualTo("https");
        FileId fid = FileId.parse("3,01637037d6");
        s.write().orElseThrow().check(s.write().orElseThrow().mint(fid, 1), fid);
    }

    @Test
    void emptyKeysAndAnEmptyFileTurnNothingOn() {
        assertThat(parse("").isOff()).isTrue();
        assertThat(parse("[jwt.signing]\nkey = \"\"\n[internal]\nkey = \"\"\n").isOff()).isTrue();
    }

    @Test
    void refusesWhatItDoesNotKnowAndUnsafeKeys() {
        assertThatThrownBy(() -> parse("[jwt]\nkey = \"the-write-signing-key\"\n"))
                .isInstanceOf(HayloftException.class).hasMessageContaining("security.toml:2: [jwt] is not a section");
        assertThatThrownBy(() -> parse("[internal]\nkeys = \"the-write-signing-key\"\n"))
                .hasMessageContaining("security.toml:2: [internal] has no key keys");
        assertThatThrownBy(() -> parse("key = \"x\"\n")).hasMessageContaining("must be inside a section");
        assertThatThrownBy(() -> parse("[jwt.signing]\nkey = \"short\"\n"))
                .hasMessageContaining("security.toml:2: [jwt.signing] key must be at least 16 bytes");
        assertThatThrownBy(() -> parse("[jwt.signing]\nkey = \"the-same-key-twice!\"\n[internal]\nkey = \"the-same-key-twice!\"\n"))
                .hasMessageContaining("is the same as another section's key");
        assertThatThrownBy(() -> parse("[jwt.signing]\nkey = \"the-write-signing-key\"\nexpires_after_seconds = 0\n"))
                .hasMessageContaining("security.toml:3: expires_after_seconds must be a duration in 1s..1d");
        assertThatThrownBy(() -> parse("[tls]\nca = \"missing.pem\"\ncert = \"a\"\nkey = \"b\"\n"))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void isFoundByTheOptionOrBesideTheConfigFile() throws Exception {
        Path explicit = dir.resolve("elsewhere.toml");
        assertThat(SecurityFile.locate(explicit, null)).contains(explicit);
        Path config = dir.resolve("cluster.toml");
        Files.writeString(config, "");
        Files.writeString(dir.resolve(SecurityFile.NAME), "[internal]\nkey = \"the-internal-key-here\"\n");
        assertThat(SecurityFile.locate(null, config)).contains(dir.resolve(SecurityFile.NAME).toAbsolutePath());

        CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        cli.parseArgs("-config", config.toString(), "version");
        assertThat(((HayloftCommand) cli.getCommand()).security().internal()).isPresent();
        CommandLine plain = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        plain.parseArgs("version");
        assertThat(((HayloftCommand) plain.getCommand()).security().isOff()).isTrue();
    }
}
