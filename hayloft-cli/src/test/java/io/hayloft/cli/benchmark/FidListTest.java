package io.hayloft.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FidListTest {
    @Test
    void roundTripsFidsAndSizes(@TempDir Path dir) throws IOException {
        List<StoredBlob> blobs = List.of(new StoredBlob(FileId.parse("3,01637037d6"), 1024),
                new StoredBlob(FileId.parse("4,0a637037d6"), 1087));
        Path file = dir.resolve("sub/fids.txt");
        FidList.write(file, blobs);
        assertThat(FidList.read(file)).isEqualTo(blobs);
    }

    @Test
    void malformedLineIsRejectedWithItsNumber(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("fids.txt"), "3,01637037d6 10\n\n3,01637037d6\n");
        assertThatThrownBy(() -> FidList.read(file)).isInstanceOf(HayloftException.class)
                .hasMessageContaining("fids.txt:3");
    }
}
