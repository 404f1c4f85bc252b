package io.hayloft.cli.shell;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.cli.shell.Canned.Replica;
import io.hayloft.testkit.roles.FakeMaster.Answer;
import io.hayloft.testkit.http.FakeHttpServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code volume.fix.replication}, {@code volume.balance} and {@code volume.check.disk} against fakes. */
class VolumeRepairVerbsTest {
    private static final String PLAN = "{\"applied\":%s,\"underReplicated\":[{\"volume\":3,\"collection\":\"pics\","
            + "\"replication\":\"001\",\"replicas\":[\"a:1\"],\"copies\":[{\"source\":\"a:1\",\"target\":\"b:1\","
            + "\"done\":%s%s}]}],\"overReplicated\":[{\"volume\":4,\"replicas\":[\"a:1\",\"b:1\",\"c:1\"],"
            + "\"remove\":[\"c:1\"],\"done\":%s}],\"unfixable\":[{\"volume\":5,\"reason\":\"no node satisfies 100\"}]}";
    private static final String BALANCE = "{\"applied\":%s,\"moves\":[{\"volume\":7,\"source\":\"a:1\","
            + "\"target\":\"b:1\",\"done\":%s%s}],\"before\":{\"a:1\":4,\"b:1\":0},\"after\":{\"a:1\":3,\"b:1\":1}}";

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
    void fixReplicationIsADryRunByDefaultAndPrintsThePlan() {
        master.on("POST", "/vol/fix/replication", PLAN.formatted(false, false, "", false));

        String out = shell.run("volume.fix.replication -collection pics");

        assertThat(master.calls("/vol/fix/replication")).singleElement()
                .satisfies(c -> assertThat(c.params()).containsExactly(Map.entry("collection", "pics")));
        assertThat(out).startsWith("dry run: nothing changed; add -apply to act")
                .contains("under-replicated volumes: 1")
                .contains("  volume 3  collection 'pics'  replication 001  replicas a:1")
                .contains("    copy a:1 -> b:1  planned")
                .contains("over-replicated volumes: 1")
                .contains("    remove c:1  planned")
                .contains("unfixable volumes: 1").contains("  volume 5: no node satisfies 100");
    }

    @Test
    void fixReplicationWithApplyAsksTheLeaderToActAndPrintsOutcomes() {
        master.on("POST", "/vol/fix/replication", PLAN.formatted(true, true, "", true));

        String out = shell.run("volume.fix.replication -apply");

        assertThat(master.calls("/vol/fix/replication")).singleElement()
                .satisfies(c -> assertThat(c.params()).containsExactly(Map.entry("apply", "true")));
        assertThat(out).doesNotContain("dry run").contains("    copy a:1 -> b:1  done")
                .contains("    remove c:1  done");
    }

    @Test
    void fixReplicationFailsWhenAnAppliedRepairFailed() {
        master.on("POST", "/vol/fix/replication", PLAN.formatted(true, false, ",\"error\":\"b:1 has no free slot\"",
                true));

        assertThatThrownBy(() -> shell.run("volume.fix.replication -apply")).isInstanceOf(ShellFailedException.class)
                .hasMessage("1 repair(s) failed");
        assertThat(shell.printedSinceLast()).contains("copy a:1 -> b:1  FAILED: b:1 has no free slot");
    }

    @Test
    void fixReplicationRefusesUnknownOptionsWithoutCallingTheMaster() {
        assertThatThrownBy(() -> shell.run("volume.fix.replication -force")).isInstanceOf(ShellUsageException.class)
                .hasMessageContaining("unknown option -force");
        assertThat(master.calls()).isEmpty();
    }

    @Test
    void balanceIsADryRunByDefaultAndShowsCountsBeforeAndAfter() {
        master.on("POST", "/vol/balance", BALANCE.formatted(false, false, ""));

        String out = shell.run("volume.balance -collection logs");

        assertThat(master.calls("/vol/balance")).singleElement()
                .satisfies(c -> assertThat(c.params()).containsExactly(Map.entry("collection", "logs")));
        assertThat(out).startsWith("dry run: nothing moved")
                .containsPattern("a:1 +4 +3").containsPattern("b:1 +0 +1")
                .contains("moves: 1").contains("  volume 7  a:1 -> b:1  planned");
    }

    @Test
    void balanceWithApplyMovesAndReportsFailures() {
        master.on("POST", "/vol/balance", BALANCE.formatted(true, false, ",\"error\":\"copy broke\""));

        assertThatThrownBy(() -> shell.run("volume.balance -apply")).isInstanceOf(ShellFailedException.class)
                .hasMessage("1 move(s) failed");
        assertThat(master.calls("/vol/balance")).singleElement()
                .satisfies(c -> assertThat(c.params()).containsExactly(Map.entry("apply", "true")));
        assertThat(shell.printedSinceLast()).contains("volume 7  a:1 -> b:1  FAILED: copy broke");
    }

    @Test
    void checkDiskAsksTheFirstReplicaOfEachReplicatedVolumeAndNeverAppliesInADryRun() throws Exception {
        try (FakeMaster a = new FakeMaster(); FakeMaster b = new FakeMaster()) {
            String first = a.address().compareTo(b.address()) < 0 ? a.address() : b.address();
            String second = first.equals(a.address()) ? b.address() : a.address();
            FakeMaster coordinator = first.equals(a.address()) ? a : b;
            master.on("GET", "/vol/status", Canned.volStatus(10, 6, List.of(second, first), List.of(
                    new Replica(second, 1, "", "001"), new Replica(first, 1, "", "001"),
                    new Replica(second, 2, "", "000"), new Replica(first, 3, "", "001"),
                    new Replica(second, 3, "", "001"))));
            coordinator.on("POST", "/admin/volume/sync", call -> Answer.ok(call.params().get("volume").equals("1")
                    ? "{\"volume\":1,\"peers\":[\"" + second + "\"],\"inSync\":true,\"missingHere\":0,"
                    + "\"missingOnPeers\":0,\"deleteHere\":0,\"deleteOnPeers\":0,\"conflicts\":0,\"repaired\":0,"
                    + "\"applied\":false}"
                    : "{\"volume\":3,\"peers\":[\"" + second + "\"],\"inSync\":false,\"missingHere\":2,"
                    + "\"missingOnPeers\":1,\"deleteHere\":0,\"deleteOnPeers\":4,\"conflicts\":0,\"repaired\":"
                    + (call.params().containsKey("apply") ? 7 : 0) + ",\"applied\":false}"));

            String out = shell.run("volume.check.disk");

            assertThat(coordinator.calls("/admin/volume/sync")).extracting(FakeMaster.Call::query)
                    .containsExactly("volume=1", "volume=3");
            FakeMaster other = coordinator == a ? b : a;
            assertThat(other.calls()).isEmpty();
            assertThat(out).startsWith("dry run: nothing repaired")
                    .contains("volume 1  " + first + " vs " + second + ": in sync")
                    .contains("volume 3  " + first + " vs " + second + ": missingHere 2  missingOnPeers 1  deleteHere 0"
                            + "  deleteOnPeers 4  conflicts 0  repaired 0")
                    .doesNotContain("volume 2").contains("2 volume(s) checked, 1 with differences");

            master.on("GET", "/dir/lookup", Canned.lookup(3, second, first));
            String applied = shell.run("volume.check.disk -volumeId 3 -apply");

            assertThat(master.calls("/dir/lookup")).singleElement()
                    .satisfies(c -> assertThat(c.params()).containsExactly(Map.entry("volumeId", "3")));
            assertThat(coordinator.calls("/admin/volume/sync").getLast().query()).isEqualTo("volume=3&apply=true");
            assertThat(applied).doesNotContain("dry run").contains("repaired 7");
        }
    }

    @Test
    void checkDiskReportsAnUnreachableCoordinatorAndCarriesOn() throws Exception {
        String unreachable = FakeHttpServer.deadAddress();
        master.on("GET", "/dir/lookup", Canned.lookup(9, unreachable, "zz:1"));

        assertThatThrownBy(() -> shell.run("volume.check.disk -volumeId 9")).isInstanceOf(ShellFailedException.class)
                .hasMessage("1 volume(s) could not be checked");
        assertThat(shell.printedSinceLast()).contains("volume 9  " + unreachable + ": cannot check");
    }

    @Test
    void checkDiskSaysWhenAVolumeHasOneReplica() {
        master.on("GET", "/dir/lookup", Canned.lookup(2, "a:1"));

        assertThat(shell.run("volume.check.disk -volumeId 2"))
                .contains("volume 2: one replica (a:1), nothing to compare")
                .contains("0 volume(s) checked");
    }

    @Test
    void checkDiskRefusesABadVolumeId() {
        assertThatThrownBy(() -> shell.run("volume.check.disk -volumeId x")).isInstanceOf(ShellUsageException.class)
                .hasMessageContaining("-volumeId: invalid volume id 'x'");
        assertThat(master.calls()).isEmpty();
    }
}
