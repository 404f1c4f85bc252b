package io.hayloft.cli.benchmark;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -fids} file: one stored blob per line, {@code <fid> <size>}, so a later run can read
 * (and check) what an earlier one wrote.
 */
final class FidList {
    private FidList() {
    }

    static void write(Path file, List<StoredBlob> blobs) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (StoredBlob b : blobs) {
                w.write(b.fid() + " " + b.size());
                w.newLine();
            }
        }
    }

    /** Reads the blobs back; a malformed line is a BAD_REQUEST naming the line. */
    static List<StoredBlob> read(Path file) throws IOException {
        List<StoredBlob> blobs = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] parts = l.split("\\s+");
            HayloftException.checkArgument(parts.length == 2 && parts[1].chars().allMatch(Character::isDigit)
                    && parts[1].length() <= 9, file + ":" + lineNumber + ": expected '<fid> <size>', got '" + l + "'");
            blobs.add(new StoredBlob(FileId.parse(parts[0]), Integer.parseInt(parts[1])));
        }
        return blobs;
    }
}
