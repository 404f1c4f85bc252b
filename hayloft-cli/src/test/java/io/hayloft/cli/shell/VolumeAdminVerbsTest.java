package io.hayloft.cli.shell;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code volume.move}, {@code volume.mark} and {@code volume.delete} against a fake master. */
class VolumeAdminVerbsTest {
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
    void moveSendsTheVolumeSourceAndTarget() {
        master.on("POST", "/vol/move", "{\"volume\":5,\"source\":\"a:1\",\"target\":\"b:2\",\"bytes\":4096}");

        assertThat(shell.run("volume.move -volumeId 5 -source a:1 -target b:2"))
                .isEqualTo("moved volume 5 from a:1 to b:2 (4096 bytes)\n");
        assertThat(master.calls("/vol/move")).singleElement().satisfies(c -> assertThat(c.params())
                .containsExactly(Map.entry("volume", "5"), Map.entry("source", "a:1"), Map.entry("target", "b:2")));
    }

    @Test
    void moveRefusesBadArgumentsWithoutCallingTheMaster() {
        assertThatThrownBy(() -> shell.run("volume.move -volumeId 5 -source a:1"))
                .isInstanceOf(ShellUsageException.class).hasMessage("-target is required");
        assertThatThrownBy(() -> shell.run("volume.move -volumeId 0 -source a:1 -target b:1"))
                .hasMessageContaining("invalid volume id '0'");
        assertThatThrownBy(() -> shell.run("volume.move -volumeId 5 -source a -target b:1"))
                .hasMessage("-source must be host:port, got 'a'");
        assertThatThrownBy(() -> shell.run("volume.move -volumeId 5 -source a:1 -target a:1"))
                .hasMessage("-source and -target are the same server");
        assertThat(master.calls()).isEmpty();
    }

    @Test
    void moveShowsTheMastersRefusal() {
        master.on("POST", "/vol/move", 400, "{\"error\":\"the move breaks placement 010\"}");

        assertThatThrownBy(() -> shell.run("volume.move -volumeId 5 -source a:1 -target b:2"))
                .isInstanceOf(HayloftException.class).hasMessageStartingWith("the move breaks placement 010")
                .hasMessageContaining("HTTP 400 from http://" + master.address() + "/vol/move");
    }

    @Test
    void followsTheLeaderHintOfAFollowerThatCannotForward() throws Exception {
        try (FakeMaster leader = new FakeMaster()) {
            master.on("POST", "/vol/move", 503, "{\"error\":\"the leader cannot be reached\",\"code\":\"UNAVAILABLE\","
                    + "\"leader\":\"" + leader.address() + "\"}");
            leader.on("POST", "/vol/move", "{\"volume\":5,\"source\":\"a:1\",\"target\":\"b:2\",\"bytes\":1}");

            assertThat(shell.run("volume.move -volumeId 5 -source a:1 -target b:2"))
                    .isEqualTo("moved volume 5 from a:1 to b:2 (1 bytes)\n");
            assertThat(leader.calls("/vol/move")).hasSize(1);
        }
    }

    @Test
    void markSendsReadonlyOrWritableAndTheNode() {
        master.on("POST", "/vol/mark", "{\"volume\":5,\"nodes\":[\"a:1\",\"b:1\"]}");

        assertThat(shell.run("volume.mark -volumeId 5 -readonly")).isEqualTo("volume 5 marked read-only on a:1, b:1\n");
        shell.run("volume.mark -volumeId 5 -writable -node a:1");

        assertThat(master.calls("/vol/mark")).extracting(FakeMaster.Call::query)
                .containsExactly("volume=5&readonly=true", "volume=5&readonly=false&node=a:1");
    }

    @Test
    void markNeedsExactlyOneOfReadonlyAndWritable() {
        assertThatThrownBy(() -> shell.run("volume.mark -volumeId 5")).isInstanceOf(ShellUsageException.class)
                .hasMessage("give exactly one of -readonly and -writable");
        assertThatThrownBy(() -> shell.run("volume.mark -volumeId 5 -readonly -writable"))
                .isInstanceOf(ShellUsageException.class);
        assertThat(master.calls()).isEmpty();
    }

    @Test
    void deleteIsADryRunNamingTheReplicasFromTheLookup() {
        master.on("GET", "/dir/lookup", Canned.lookup(5, "a:1", "b:1"));

        assertThat(shell.run("volume.delete -volumeId 5"))
                .isEqualTo("would delete volume 5 from a:1, b:1 (every replica); add -apply to do it\n");
        assertThat(shell.run("volume.delete -volumeId 5 -node b:1"))
                .isEqualTo("would delete volume 5 from b:1 (1 replica(s) kept); add -apply to do it\n");
        assertThatThrownBy(() -> shell.run("volume.delete -volumeId 5 -node c:1"))
                .hasMessage("volume 5 is not on c:1; it is on a:1, b:1");

        assertThat(master.calls("/vol/delete")).isEmpty();
        assertThat(master.calls("/dir/lookup")).allSatisfy(c -> assertThat(c.query()).isEqualTo("volumeId=5"));
    }

    @Test
    void deleteWithApplyDeletes() {
        master.on("POST", "/vol/delete", "{\"volume\":5,\"deleted\":[\"b:1\"]}");

        assertThat(shell.run("volume.delete -volumeId 5 -node b:1 -apply")).isEqualTo("deleted volume 5 from b:1\n");
        assertThat(master.calls()).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("POST");
            assertThat(c.path()).isEqualTo("/vol/delete");
            assertThat(c.query()).isEqualTo("volume=5&node=b:1");
        });
    }
}
