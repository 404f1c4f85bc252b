package io.hayloft.cli.fs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hayloft fs put LOCAL... REMOTE}: uploads local files, streaming each. REMOTE is a directory
 * (each file goes in under its own name) when several files are given, when it ends in {@code /}, or
 * when it is an existing directory; otherwise it is the new file's path. Missing parents are created.
 */
@Command(name = "put", mixinStandardHelpOptions = true, description = "Upload local files into the filer.")
final class PutCommand extends FsSubcommand {
    @Parameters(paramLabel = "LOCAL... REMOTE", arity = "2..*",
            description = "Local files, then the remote file or directory.")
    List<String> args;

    @Override
    void run(FsFiler filer) {
        List<String> locals = args.subList(0, args.size() - 1);
        String remoteArg = args.getLast();
        String remote = absolute(remoteArg);
        boolean intoDirectory = locals.size() > 1 || remoteArg.endsWith("/") || remote.equals("/");
        if (!intoDirectory) {
            Optional<RemoteEntry> existing = filer.stat(remote);
            intoDirectory = existing.map(RemoteEntry::directory).orElse(false);
        }
        for (String local : locals) {
            try {
                Path file = Path.of(local);
                if (!Files.exists(file)) {
                    throw FsFailure.noSuchFile(local);
                }
                if (Files.isDirectory(file)) {
                    throw FsFailure.isADirectory(local);
                }
                String target = intoDirectory ? child(remote, file.getFileName().toString()) : remote;
                long size = Files.size(file);
                try (ByteProgress progress = ByteProgress.of("put " + file.getFileName(), size)) {
                    filer.upload(file, target, progress);
                }
                out().println(local + " -> " + target + " (" + size + " bytes)");
            } catch (FsFailure e) {
                report(e);
            } catch (java.io.IOException e) {
                report(new FsFailure(local + ": " + e.getMessage(), e));
            }
        }
    }
}
