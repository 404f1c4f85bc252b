package io.hayloft.cli.shell;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.cli.shell.Canned.Replica;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code collection.list} and {@code collection.delete} against a fake master. */
class CollectionVerbsTest {
    private FakeMaster master;
    private ShellTester shell;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        shell = new ShellTester(master.address());
        master.on("GET", "/vol/status", Canned.volStatus(10, 5, List.of("a:1", "b:1"), List.of(
                new Replica("a:1", 1, "pics", "001"), new Replica("b:1", 1, "pics", "001"),
                new Replica("a:1", 2, "", "000"), new Replica("b:1", 3, "pics", "000"))));
    }

    @AfterEach
    void stop() throws Exception {
        master.close();
    }

    @Test
    void listPrintsOneRowPerCollection() {
        master.on("GET", "/col/list", "{\"collections\":[{\"name\":\"\",\"volumes\":1,\"files\":10,\"size\":2048},"
                + "{\"name\":\"pics\",\"volumes\":2,\"files\":7,\"size\":99}]}");

        String out = shell.run("collection.list");

        assertThat(out.lines().toList()).hasSize(4);
        assertThat(out).containsPattern("COLLECTION +VOLUMES +FILES +SIZE")
                .containsPattern("\\(default\\) +1 +10 +2048").containsPattern("pics +2 +7 +99")
                .endsWith("2 collection(s)\n");
    }

    @Test
    void deleteIsADryRunListingTheVolumesThatWouldGo() {
        String out = shell.run("collection.delete -collection pics");

        assertThat(out).isEqualTo("would delete collection 'pics':\n  volume 1 on a:1, b:1\n  volume 3 on b:1\n"
                + "2 volume(s); add -apply to do it\n");
        assertThat(master.calls("/col/delete")).isEmpty();
        assertThat(shell.run("collection.delete -collection none")).contains("'none' has no volumes");
        assertThat(master.calls("/col/delete")).isEmpty();
    }

    @Test
    void deleteWithApplyCallsColDelete() {
        master.on("POST", "/col/delete", "{}");

        assertThat(shell.run("collection.delete -collection 'my pics' -apply"))
                .isEqualTo("deleted collection 'my pics'\n");
        assertThat(master.calls("/col/delete")).singleElement()
                .satisfies(c -> assertThat(c.params()).containsEntry("collection", "my pics"));
    }

    @Test
    void deleteNeedsACollection() {
        assertThatThrownBy(() -> shell.run("collection.delete -apply")).isInstanceOf(ShellUsageException.class)
                .hasMessage("-collection is required (or -default for the default collection)");
        assertThatThrownBy(() -> shell.run("collection.delete -collection pics -default -apply"))
                .isInstanceOf(ShellUsageException.class).hasMessageContaining("not both");
        assertThat(master.calls()).isEmpty();
    }

    @Test
    void deletingTheDefaultCollectionNamesItWithDefault() {
        master.on("POST", "/col/delete", "{}");

        assertThat(shell.run("collection.delete -default")).isEqualTo("would delete collection '':\n"
                + "  volume 2 on a:1\n1 volume(s); add -apply to do it\n");
        assertThat(master.calls("/col/delete")).isEmpty();
        shell.run("collection.delete -default -apply");
        assertThat(master.calls("/col/delete")).singleElement().satisfies(c -> assertThat(c.params())
                .containsEntry("collection", "").containsEntry("default", "true"));
    }
}
