package io.hayloft.filer.partition;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A partition snapshot as one file: the files of a RocksDB checkpoint (a flat directory) in a zip
 * archive, stored without compression (RocksDB's table files are compressed already). One file is what
 * Ratis's snapshot storage and InstallSnapshot transfer handle without help (the master's snapshot is one
 * file too), so a lagging or wiped replica receives the archive and unpacks it.
 */
final class SnapshotArchive {
    private SnapshotArchive() {
    }

    /** Packs every regular file directly in {@code dir} into {@code archive} (written to a temporary, then moved). */
    static void pack(Path dir, Path archive) throws IOException {
        Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(file);
             DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            zip.setLevel(0);
            for (Path f : files) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Unpacks {@code archive} into {@code dir}, which must not exist yet.
     *
     * @throws IOException when the archive cannot be read or names a file outside a flat directory
     */
    static void unpack(Path archive, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream file = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(file)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
                    throw new IOException("snapshot archive " + archive + " names " + name + ", not a flat file");
                }
                Files.copy(zip, dir.resolve(name));
            }
        }
    }

    /** Deletes {@code dir} and everything in it; nothing when it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
