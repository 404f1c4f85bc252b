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
import java.util.Set;
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
        assertThat(r.all()).extracting(ShellVerb::name).containsExactly("cluster.check", "cluster.raft.add",
                "cluster.raft.ps", "cluster.raft.remove", "cluster.status", "collection.delete", "collection.list",
                "ec.balance", "ec.compact", "ec.decode", "ec.encode", "ec.rebuild", "filer.partition.list", "filer.partition.move",
                "fs.cat", "fs.cd", "fs.du", "fs.get", "fs.ls", "fs.mkdir", "fs.mv", "fs.put", "fs.pwd", "fs.rm",
                "fs.tree", "help", "volume.balance", "volume.check.disk", "volume.delete", "volume.fix.replication",
                "volume.list", "volume.mark", "volume.move", "volume.vacuum");
        assertThat(r.all()).allSatisfy(v -> assertThat(v.summary()).isNotBlank());
        assertThat(r.all()).extracting(v -> v.getClass().getSimpleName()).doesNotHaveDuplicates();
    }

    @Test
    void optionsForCompletionComeFromTheUsage() {
        ShellRegistry r = ShellRegistry.standard();
        assertThat(r.find("volume.move").orElseThrow().options()).containsExactly("volumeId", "source", "target");
        assertThat(r.find("cluster.raft.remove").orElseThrow().options()).containsExactly("id", "apply");
        assertThat(r.find("fs.rm").orElseThrow().options()).containsExactly("r");
        assertThat(r.find("cluster.status").orElseThrow().options()).isEmpty();
    }

    @Test
    void operandsFollowTheOptionsOfCommandsThatTakeThem() {
        ShellArgs a = ShellArgs.parseWithOperands(List.of("-l", "a", "-x=1", "b", "--", "-c"), Set.of("l"));
        assertThat(a.flag("l")).isTrue();
        assertThat(a.value("x")).contains("1");
        assertThat(a.operands()).containsExactly("a", "b", "-c");
        ShellArgs valued = ShellArgs.parseWithOperands(List.of("-name", "v", "p"), Set.of());
        assertThat(valued.value("name")).contains("v");
        assertThat(valued.operands()).containsExactly("p");
        assertThat(ShellArgs.parse(List.of("-id", "1")).operands()).isEmpty();
    }

    @Test
    void volumeIdsAndServersAreCheckedAsUsageErrors() {
        ShellArgs a = ShellArgs.parse(List.of("-volumeId", "12", "-node", "h:80", "-bad", "h", "-big", "h:99999"));
        assertThat(a.requiredVolumeId("volumeId").value()).isEqualTo(12);
        assertThat(a.requiredHostPort("node")).isEqualTo("h:80");
        assertThatThrownBy(() -> a.hostPort("bad")).isInstanceOf(ShellUsageException.class)
                .hasMessage("-bad must be host:port, got 'h'");
        assertThatThrownBy(() -> a.hostPort("big")).isInstanceOf(ShellUsageException.class);
        assertThatThrownBy(() -> a.requiredVolumeId("missing")).hasMessage("-missing is required");
        assertThatThrownBy(() -> ShellArgs.parse(List.of("-volumeId", "-1")).requiredVolumeId("volumeId"))
                .isInstanceOf(ShellUsageException.class);
    }

    @Test
    void sessionPathsResolveAgainstTheCurrentDirectory() {
        ShellSession s = new ShellSession(new MasterHttp(List.of("127.0.0.1:1"), Duration.ZERO, Clock.systemUTC()),
                new PrintWriter(new StringWriter()));
        assertThat(s.directory()).isEqualTo("/");
        assertThat(s.resolve("a/b/")).isEqualTo("/a/b");
        s.changeDirectory("/a/b");
        assertThat(s.resolve("c")).isEqualTo("/a/b/c");
        assertThat(s.resolve("../c/./d")).isEqualTo("/a/c/d");
        assertThat(s.resolve("../../../..")).isEqualTo("/");
        assertThat(s.resolve("/x//y")).isEqualTo("/x/y");
        assertThat(s.resolve(".")).isEqualTo("/a/b");
    }
}
