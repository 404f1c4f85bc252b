package io.hayloft.volume.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdFileTest {
    @TempDir
    Path dir;

    @Test
    void isEmptyBeforeTheFirstWrite() {
        assertThat(new NodeIdFile(dir).read()).isEmpty();
    }

    @Test
    void keepsTheNodeIdAcrossInstances() {
        new NodeIdFile(dir).write(42);
        assertThat(new NodeIdFile(dir).read()).hasValue(42);
        new NodeIdFile(dir).write(43);
        assertThat(new NodeIdFile(dir).read()).hasValue(43);
        assertThat(dir.resolve(NodeIdFile.NAME + ".tmp")).doesNotExist();
    }

    @Test
    void rejectsAFileWithoutAValidId() throws Exception {
        Files.writeString(dir.resolve(NodeIdFile.NAME), "nodeId=banana\n");
        assertThatThrownBy(() -> new NodeIdFile(dir).read()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("banana");
    }
}
