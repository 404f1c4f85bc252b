package io.hayloft.cli.fs;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hayloft fs mkdir [-p] PATH...}: creates directories (and their missing parents). */
@Command(name = "mkdir", mixinStandardHelpOptions = true, description = "Create directories.")
final class MkdirCommand extends FsSubcommand {
    @Option(names = {"-p", "--parents"}, description = "No error when the directory exists already.")
    boolean parents;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Directories to create.")
    List<String> paths;

    @Override
    void run(FsFiler filer) {
        for (String given : paths) {
            try {
                String path = absolute(given);
                var existing = filer.stat(path);
                if (existing.isPresent()) {
                    if (!existing.get().directory()) {
                        throw FsFailure.exists(path);
                    }
                    if (!parents) {
                        throw FsFailure.exists(path);
                    }
                    continue;
                }
                filer.mkdir(path);
            } catch (FsFailure e) {
                report(e);
            }
        }
    }
}
