package io.hayloft.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.testkit.roles.FakeMaster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code filer.partition.list} and {@code filer.partition.move} against a fake master. */
class FilerPartitionVerbsTest {
    private FakeMaster master;
    private ShellTester shell;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        shell = new ShellTester(master.address());
    }

    @AfterEach
    void stop() throws Exception {
        master.close();
    }

    @Test
    void listMarksLeadersAndSilentServers() {
        master.on("GET", "/filer/partition/list", "{\"version\":7,\"servers\":["
                + "{\"nodeId\":1,\"raftAddress\":\"a:18888\",\"httpAddress\":\"a:8888\",\"rack\":\"dc1/r1\",\"alive\":true,\"replicas\":1},"
                + "{\"nodeId\":2,\"raftAddress\":\"b:18888\",\"httpAddress\":\"b:8888\",\"rack\":\"dc1/r2\",\"alive\":false,\"replicas\":1}],"
                + "\"partitions\":[{\"id\":0,\"leader\":1,\"term\":3,\"replicas\":["
                + "{\"nodeId\":1,\"alive\":true,\"appliedIndex\":40,\"bytes\":4096},"
                + "{\"nodeId\":2,\"alive\":false,\"appliedIndex\":-1,\"bytes\":0}]}]}");

        String out = shell.run("filer.partition.list");

        assertThat(out).startsWith("partition table version 7\n").containsPattern("0 +3 +\\*1 \\(40, 4096\\)  !2 \\(-1, 0\\)")
                .contains("1 partition(s)").containsPattern("2 +b:18888 +b:8888 +dc1/r2 +no +1")
                .endsWith("2 filer server(s)\n");
    }

    @Test
    void moveIsADryRunUntilApply() {
        master.on("POST", "/filer/partition/move", "{\"partition\":3,\"source\":4,\"target\":7,\"applied\":false,"
                + "\"replicas\":[7,5,6],\"version\":9}");

        String out = shell.run("filer.partition.move -partition 3 -source 4 -target 7");

        assertThat(out).isEqualTo("dry run: nothing moved; add -apply to move\n"
                + "would move partition 3 from filer server 4 to 7: replicas [7,5,6] (table version 9)\n");
        assertThat(master.calls("/filer/partition/move")).singleElement().satisfies(c -> assertThat(c.params())
                .containsEntry("partition", "3").containsEntry("source", "4").containsEntry("target", "7")
                .doesNotContainKey("apply"));

        shell.run("filer.partition.move -partition 3 -source 4 -target 7 -apply");
        assertThat(master.calls("/filer/partition/move")).last().satisfies(c -> assertThat(c.params())
                .containsEntry("apply", "true"));
    }

    @Test
    void moveRefusesBadFlagsBeforeCallingTheMaster() {
        assertThatThrownBy(() -> shell.run("filer.partition.move -partition x -source 4 -target 7"))
                .isInstanceOf(ShellUsageException.class).hasMessageContaining("-partition must be a number");
        assertThatThrownBy(() -> shell.run("filer.partition.move -partition 1 -source 4 -target 4"))
                .isInstanceOf(ShellUsageException.class).hasMessageContaining("the same filer server");
        assertThatThrownBy(() -> shell.run("filer.partition.move -partition 1 -source 0 -target 4"))
                .isInstanceOf(ShellUsageException.class).hasMessageContaining("-source must be a number of at least 1");
        assertThatThrownBy(() -> shell.run("filer.partition.move -partition 1 -target 4"))
                .isInstanceOf(ShellUsageException.class).hasMessageContaining("-source is required");
        assertThat(master.calls()).isEmpty();
    }
}
