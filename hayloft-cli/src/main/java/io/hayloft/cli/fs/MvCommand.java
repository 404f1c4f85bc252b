package io.hayloft.cli.fs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hayloft fs mv SRC DST}: renames a file or a whole directory atomically; into DST when DST is
 * an existing directory.
 */
@Command(name = "mv", mixinStandardHelpOptions = true, description = "Move or rename a file or directory.")
final class MvCommand extends FsSubcommand {
    @Parameters(index = "0", paramLabel = "SRC", description = "What to move.")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "Where to: a new path or an existing directory.")
    String target;

    @Override
    void run(FsFiler filer) {
        String from = absolute(source);
        filer.require(from);
        filer.move(from, absolute(target));
    }
}
