package io.hayloft.cli.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hayloft fs cat PATH...}: streams files to standard output, byte for byte. */
@Command(name = "cat", mixinStandardHelpOptions = true, description = "Print files to standard output.")
final class CatCommand extends FsSubcommand {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files to print.")
    List<String> paths;

    @Override
    void run(FsFiler filer) {
        OutputStream out = fs.binaryOut();
        for (String given : paths) {
            try {
                String path = absolute(given);
                if (filer.require(path).directory()) {
                    throw FsFailure.isADirectory(path);
                }
                filer.download(path, out, n -> { });
                out.flush();
            } catch (FsFailure e) {
                report(e);
            } catch (IOException e) {
                report(new FsFailure("standard output: " + e.getMessage(), e));
                return;
            }
        }
    }
}
