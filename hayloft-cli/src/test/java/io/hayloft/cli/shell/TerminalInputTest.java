package io.hayloft.cli.shell;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal prompt: JLine on an xterm-like terminal fed keys from memory (a dumb terminal would
 * make every key self-insert). History kept in a file, tab completion.
 */
class TerminalInputTest {
    private static final char CTRL_P = 0x10;

    @TempDir
    Path dir;
    private FakeMaster master;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster().on("GET", "/cluster/status", Canned.clusterStatus("m:1", "m:1"))
                .on("POST", "/vol/fix/replication", Canned.HEALTHY_PLAN);
    }

    @AfterEach
    void stop() throws Exception {
        master.close();
    }

    /** Types {@code keys} at a fresh prompt using {@code history}; returns the failures. */
    private int type(String keys, Path history) throws Exception {
        ShellRegistry registry = ShellRegistry.standard();
        ShellSession session = new ShellSession(new MasterHttp(List.of(master.address()), Duration.ZERO,
                Clock.systemUTC()), new PrintWriter(out, true));
        try (Terminal terminal = new ExternalTerminal("test", "xterm",
                new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                StandardCharsets.UTF_8)) {
            TerminalInput input = new TerminalInput(terminal, registry, history);
            try {
                return new ShellPrompt(registry, session, new PrintWriter(err, true)).run(input);
            } finally {
                input.close();
            }
        }
    }

    @Test
    void linesGoToTheHistoryFileAndAreThereInTheNextSession() throws Exception {
        Path history = dir.resolve("nested/history");

        assertThat(type("cluster.status\nno.such.command\n", history)).isEqualTo(1);

        assertThat(Files.readAllLines(history)).hasSize(2).satisfiesExactly(
                l -> assertThat(l).endsWith("cluster.status"), l -> assertThat(l).endsWith("no.such.command"));
        assertThat(master.calls("/cluster/status")).hasSize(1);

        // Ctrl-P twice recalls the first line of the previous session; Enter runs it again.
        assertThat(type("" + CTRL_P + CTRL_P + "\nexit\n", history)).isZero();
        assertThat(master.calls("/cluster/status")).hasSize(2);
        assertThat(Files.readAllLines(history)).hasSize(4);
        assertThat(out.toString()).contains("leader: m:1");
    }

    @Test
    void tabCompletesACommandName() throws Exception {
        type("cluster.sta\t\nexit\n", dir.resolve("history"));

        assertThat(err.toString()).isEmpty();
        assertThat(master.calls("/cluster/status")).hasSize(1);
        assertThat(out.toString()).contains("leader: m:1");
    }
}
