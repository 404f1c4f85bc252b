package io.hayloft.cli.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hayloft fs get REMOTE [LOCAL]}: downloads a file, streaming it into a temporary file next to
 * the target and renaming it into place, so a failed download leaves nothing behind. LOCAL defaults to
 * the current directory; an existing local directory receives the file under its remote name.
 */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Download a file from the filer.")
final class GetCommand extends FsSubcommand {
    @Parameters(index = "0", paramLabel = "REMOTE", description = "The filer file.")
    String remote;

    @Parameters(index = "1", paramLabel = "LOCAL", arity = "0..1", defaultValue = ".",
            description = "Local file or directory. Default: the current directory.")
    Path local;

    @Override
    void run(FsFiler filer) {
        String path = absolute(remote);
        RemoteEntry entry = filer.require(path);
        if (entry.directory()) {
            throw FsFailure.isADirectory(path);
        }
        Path target = Files.isDirectory(local) ? local.resolve(entry.name()) : local;
        Path dir = target.toAbsolutePath().getParent();
        Path partial = dir.resolve("." + entry.name() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".hayloft-part");
        try {
            try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW);
                 ByteProgress progress = ByteProgress.of("get " + entry.name(), entry.size())) {
                filer.download(path, out, progress);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            out().println(path + " -> " + target + " (" + entry.size() + " bytes)");
        } catch (IOException e) {
            throw new FsFailure(target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // The download already failed with a better message; a stray part file is harmless.
            }
        }
    }
}
