package io.hayloft.volume.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicationJournalTest {
    @TempDir
    Path dir;

    @Test
    void openEntriesSurviveAReopenAndClosedOnesDoNot() {
        FileId a = FileId.parse("3,01637037d6");
        FileId b = FileId.parse("3,02637037d6");
        try (ReplicationJournal j = ReplicationJournal.open(dir)) {
            j.begin(a, List.of("h1:8080", "h2:8080"));
            j.begin(b, List.of("h1:8080"));
            j.end(b);
        }
        try (ReplicationJournal j = ReplicationJournal.open(dir)) {
            assertThat(j.openEntries()).containsOnlyKeys(a);
            assertThat(j.openEntries().get(a)).containsExactly("h1:8080", "h2:8080");
            j.end(a);
        }
        try (ReplicationJournal j = ReplicationJournal.open(dir)) {
            assertThat(j.openEntries()).isEmpty();
        }
    }

    @Test
    void aTornLastLineIsIgnored() throws Exception {
        FileId a = FileId.parse("3,01637037d6");
        try (ReplicationJournal j = ReplicationJournal.open(dir)) {
            j.begin(a, List.of("h1:8080"));
        }
        Files.writeString(dir.resolve(ReplicationJournal.FILE_NAME), "W 3,0", StandardOpenOption.APPEND);
        try (ReplicationJournal j = ReplicationJournal.open(dir)) {
            assertThat(j.openEntries()).containsOnlyKeys(a);
        }
    }

    @Test
    void reopeningRewritesTheFileWithOnlyTheOpenEntries() throws Exception {
        FileId a = FileId.parse("3,01637037d6");
        try (ReplicationJournal j = ReplicationJournal.open(dir)) {
            for (int i = 0; i < 100; i++) {
                FileId f = FileId.parse("4," + Integer.toHexString(i + 1) + "637037d6");
                j.begin(f, List.of("h1:8080"));
                j.end(f);
            }
            j.begin(a, List.of("h1:8080"));
        }
        try (ReplicationJournal j = ReplicationJournal.open(dir)) {
            assertThat(Files.readAllLines(dir.resolve(ReplicationJournal.FILE_NAME))).containsExactly("W " + a + " h1:8080");
        }
    }
}
