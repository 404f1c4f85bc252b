package io.hayloft.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell's parsing, registry and prompt, without a cluster. */
class ShellFrameworkTest {
    @Test
    void argumentsAreNameValuePairsAndFlags() {
        ShellArgs a = ShellArgs.parse(List.of("-id", "m4", "-apply", "-address=h:1"));
        assertThat(a.required("id")).isEqualTo("m4");
        assertThat(a.flag("apply")).isTrue();
        assertThat(a.required("address")).isEqualTo("h:1");
        assertThat(a.flag("force")).isFalse();
        assertThatThrownBy(() -> a.allowOnly("id")).isInstanceOf(ShellUsageException.class)
                .hasMessageContaining("unknown option -");
        assertThatThrownBy(() -> ShellArgs.parse(List.of("stray"))).isInstanceOf(ShellUsageException.class);
        assertThatThrownBy(() -> ShellArgs.parse(List.of("-id", "a", "-id", "b"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> ShellArgs.parse(List.of()).required("id")).hasMessageContaining("-id is required");
    }

    @Test
    void promptLinesSplitOnBlanksAndKeepQuotedWords() {
        assertThat(ShellWords.split("  cluster.raft.add  -address 'h:1'  \"a b\" ")).containsExactly(
                "cluster.raft.add", "-address", "h:1", "a b");
        assertThatThrownBy(() -> ShellWords.split("help 'open")).hasMessageContaining("unclosed");
    }

    @Test
    void promptRunsEachLineReportsFailuresAndStopsAtExit() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ShellSession session = new ShellSession(new MasterHttp(List.of("127.0.0.1:1"), Duration.ZERO,
                Clock.systemUTC()), new PrintWriter(out));
        int failed = new ShellPrompt(ShellRegistry.standard(), session, new PrintWriter(err)).run(new BufferedReader(
                new StringReader("help\n\n# a comment\nno.such.command\nhelp -command cluster.raft.remove\n"
                        + "cluster.raft.remove\nexit\nhelp\n")));
        assertThat(failed).isEqualTo(2);
        assertThat(out.toString()).contains("cluster.raft.ps").contains("cluster.raft.add")
                .contains("-id HOST_PORT|HOST:PORT [-apply]").contains("add -apply to act");
        assertThat(err.toString()).contains("unknown command 'no.such.command'").contains("-id is required");
    }

    @Test
    void everyCommandHasANameSummaryAndOneClass() {
        ShellRegistry r = ShellRegistry.standard();
        assertThat(r.all()).extracting(ShellVerb::name).containsExactly("cluster.raft.add", "cluster.raft.ps",
                "cluster.raft.remove", "cluster.status", "help", "volume.list", "volume.vacuum");
        assertThat(r.all()).allSatisfy(v -> assertThat(v.summary()).isNotBlank());
    }
}
