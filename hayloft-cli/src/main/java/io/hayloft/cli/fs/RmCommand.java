package io.hayloft.cli.fs;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hayloft fs rm [-r] PATH...}: removes files, and with {@code -r} directories with everything
 * in them. The space comes back once the filer's collector has deleted the chunks.
 */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove files or directories.")
final class RmCommand extends FsSubcommand {
    @Option(names = {"-r", "-R", "--recursive"}, description = "Remove directories and their contents.")
    boolean recursive;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Paths to remove.")
    List<String> paths;

    @Override
    void run(FsFiler filer) {
        for (String given : paths) {
            try {
                String path = absolute(given);
                if (path.equals("/")) {
                    throw new FsFailure("/: refusing to remove the root directory");
                }
                RemoteEntry entry = filer.require(path);
                if (entry.directory() && !recursive) {
                    throw FsFailure.isADirectory(path);
                }
                filer.delete(path, recursive);
            } catch (FsFailure e) {
                report(e);
            }
        }
    }
}
