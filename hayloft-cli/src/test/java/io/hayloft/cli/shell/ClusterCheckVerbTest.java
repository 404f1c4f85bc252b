package io.hayloft.cli.shell;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.cli.Main;
import io.hayloft.cli.shell.Canned.Replica;
import io.hayloft.testkit.http.FakeHttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code cluster.check} against fake masters and volume servers. */
class ClusterCheckVerbTest {
    private FakeMaster master;
    private FakeMaster otherMaster;
    private FakeMaster volume;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        otherMaster = new FakeMaster();
        volume = new FakeMaster().on("GET", "/status", "{\"Version\":\"hayloft\"}");
    }

    @AfterEach
    void stop() throws Exception {
        master.close();
        otherMaster.close();
        volume.close();
    }

    private void healthyCluster() {
        String leader = master.address();
        master.on("GET", "/cluster/status", Canned.clusterStatus(leader, master.address(), otherMaster.address()))
                .on("POST", "/vol/fix/replication", Canned.HEALTHY_PLAN)
                .on("POST", "/vol/ec/rebuild", Canned.NO_EC)
                .on("GET", "/vol/status", Canned.volStatus(10, 7, List.of(volume.address()),
                        List.of(new Replica(volume.address(), 1, "", "000"))));
        otherMaster.on("GET", "/cluster/status", Canned.clusterStatus(leader, master.address(), otherMaster.address()));
    }

    @Test
    void aHealthyClusterIsOkAndNothingIsApplied() {
        healthyCluster();
        String out = new ShellTester(master.address()).run("cluster.check");

        assertThat(out).contains("ok       leader " + master.address() + ", agreed by 2 master(s)")
                .contains("ok       every volume has its placement's replica count")
                .contains("ok       7 free volume slot(s) of 10")
                .contains("ok       volume server " + volume.address() + " reachable")
                .endsWith("OK\n").doesNotContain("PROBLEM");
        assertThat(master.calls("/vol/fix/replication")).singleElement()
                .satisfies(c -> assertThat(c.params()).isEmpty());
        assertThat(volume.calls("/status")).hasSize(1);
    }

    @Test
    void everyProblemGetsALineAndTheCheckFails() throws Exception {
        String leader = master.address();
        String unreachable = FakeHttpServer.deadAddress();
        master.on("GET", "/cluster/status", Canned.clusterStatus(leader, master.address(), otherMaster.address()))
                .on("POST", "/vol/fix/replication", "{\"applied\":false,\"underReplicated\":[{\"volume\":3,"
                        + "\"collection\":\"\",\"replication\":\"001\",\"replicas\":[\"a:1\"],\"copies\":[]}],"
                        + "\"overReplicated\":[{\"volume\":4,\"replicas\":[\"a:1\",\"b:1\"],\"remove\":[\"b:1\"],"
                        + "\"done\":false}],\"unfixable\":[{\"volume\":5,\"reason\":\"no free slot\"}]}")
                .on("POST", "/vol/ec/rebuild", Canned.NO_EC)
                .on("GET", "/vol/status", Canned.volStatus(4, 0, List.of(volume.address(), unreachable), List.of()));
        otherMaster.on("GET", "/cluster/status", Canned.clusterStatus("", master.address(), otherMaster.address()));
        ShellTester shell = new ShellTester(master.address());

        assertThatThrownBy(() -> shell.run("cluster.check")).isInstanceOf(ShellFailedException.class)
                .hasMessageContaining("6 problem(s)");
        assertThat(shell.printedSinceLast())
                .contains("PROBLEM  leader " + leader + " not agreed: " + otherMaster.address() + " names no leader")
                .contains("PROBLEM  volume 3 under-replicated: replication 001, replicas a:1")
                .contains("PROBLEM  volume 4 over-replicated: replicas a:1, b:1")
                .contains("PROBLEM  volume 5 unfixable: no free slot")
                .contains("PROBLEM  0 free volume slot(s) of 4")
                .contains("ok       volume server " + volume.address() + " reachable")
                .contains("PROBLEM  volume server " + unreachable + " unreachable")
                .endsWith("PROBLEMS: 6\n");
    }

    @Test
    void erasureCodedVolumesThatLostShardsOrPackThemTooDenselyAreProblems() {
        healthyCluster();
        master.on("POST", "/vol/ec/rebuild", "{\"applied\":false,\"volumes\":3,\"whole\":1,"
                + "\"missing\":[{\"volume\":7,\"collection\":\"\",\"shards\":[2,11],\"targets\":{\"b:1\":[2,11]},"
                + "\"done\":false}],\"unrecoverable\":[{\"volume\":8,\"collection\":\"\",\"present\":[0,1,2]}],"
                + "\"unsafe\":[{\"volume\":9,\"where\":\"server a:1\",\"shards\":5}]}");
        ShellTester shell = new ShellTester(master.address());

        assertThatThrownBy(() -> shell.run("cluster.check")).isInstanceOf(ShellFailedException.class);
        assertThat(shell.printedSinceLast())
                .contains("PROBLEM  erasure-coded volume 7 lost shards 2, 11 (ec.rebuild -apply rebuilds them)")
                .contains("PROBLEM  erasure-coded volume 8 unrecoverable: only shards 0, 1, 2 left")
                .contains("PROBLEM  erasure-coded volume 9 has 5 shards on server a:1: losing it loses data")
                .endsWith("PROBLEMS: 3\n");
        assertThat(master.calls("/vol/ec/rebuild")).singleElement()
                .satisfies(c -> assertThat(c.params()).isEmpty()); // a dry run
    }

    @Test
    void wholeErasureCodedVolumesAreOk() {
        healthyCluster();
        master.on("POST", "/vol/ec/rebuild", "{\"applied\":false,\"volumes\":2,\"whole\":2,\"missing\":[],"
                + "\"unrecoverable\":[],\"unsafe\":[]}");
        assertThat(new ShellTester(master.address()).run("cluster.check"))
                .contains("ok       2 erasure-coded volume(s), every one whole").endsWith("OK\n");
    }

    @Test
    void noLeaderIsAProblem() {
        healthyCluster();
        master.on("GET", "/cluster/status", Canned.clusterStatus("", master.address()));
        ShellTester shell = new ShellTester(master.address());

        assertThatThrownBy(() -> shell.run("cluster.check")).isInstanceOf(ShellFailedException.class);
        assertThat(shell.printedSinceLast()).contains("PROBLEM  no leader elected").endsWith("PROBLEMS: 1\n");
    }

    @Test
    void hayloftShellExitsWithOneWhenTheCheckFindsProblemsAndZeroWhenNot() {
        healthyCluster();
        assertThat(shell("cluster.check")).isZero();

        master.on("GET", "/cluster/status", Canned.clusterStatus("", master.address()));
        assertThat(shell("cluster.check")).isEqualTo(1);
        assertThat(shell("cluster.check", "-apply")).isEqualTo(ShellCommand.USAGE);
    }

    private int shell(String... words) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[words.length + 5];
        args[0] = "shell";
        args[1] = "-master";
        args[2] = master.address();
        args[3] = "-patience";
        args[4] = "0";
        System.arraycopy(words, 0, args, 5, words.length);
        return Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    }
}
