package io.hayloft.cli.files;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.cli.console.Progress;
import io.hayloft.cli.options.ClusterOptions;
import io.hayloft.cli.options.FileIdConverter;
import io.hayloft.client.BlobInfo;
import io.hayloft.client.HayloftClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import io.hayloft.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hayloft download FID...}: writes each blob into a directory under its stored name (or its
 * fid). A blob is written to a temporary file first, so a failed download leaves nothing behind.
 */
@Command(name = "download", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Download blobs by fid into a directory, each under its stored file name (or its fid).")
public final class DownloadCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-o", "--output", "-dir", "--dir"}, paramLabel = "DIR", defaultValue = ".",
            description = "Directory to write into; created if missing. Default: the current directory.")
    Path dir;

    @Parameters(paramLabel = "FID", arity = "1..*", converter = FileIdConverter.class,
            description = "File ids such as 3,01637037d6.")
    List<FileId> fids;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dir);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        try (HayloftClient client = cluster.connect(); Progress progress = Progress.of("download", fids.size())) {
            for (FileId fid : fids) {
                try {
                    Path written = download(client, fid);
                    out.println(fid + " -> " + written + " (" + Files.size(written) + " bytes)");
                } catch (HayloftException | UncheckedIOException e) {
                    failed++;
                    err.println("hayloft download: " + fid + ": " + e.getMessage());
                }
                progress.step();
            }
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private Path download(HayloftClient client, FileId fid) {
        Path partial = null;
        try {
            // Not Files.createTempFile: its 0600 mode would stick to the downloaded file.
            partial = dir.resolve(".hayloft-" + fid.volumeId() + "-" + fid.keyAndCookieHex() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            BlobInfo info;
            try (OutputStream o = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                info = client.download(fid, o);
            }
            Path target = dir.resolve(LocalName.of(info.fileName(), fid));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            partial = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private static void deleteQuietly(Path partial) {
        if (partial == null) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // The download already failed with a better message; a stray .part file is harmless.
        }
    }
}
