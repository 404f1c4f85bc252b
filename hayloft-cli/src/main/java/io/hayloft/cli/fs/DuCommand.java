package io.hayloft.cli.fs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hayloft fs du PATH...}: the total size of each path's files, as {@code du -sb} prints it,
 * followed by how many files and directories it holds:
 * <pre>  1048576	3 files	1 dirs	/photos</pre>
 */
@Command(name = "du", mixinStandardHelpOptions = true, description = "Total size of files under paths.")
final class DuCommand extends FsSubcommand {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Paths to measure. Default: /.")
    List<String> paths = List.of("/");

    @Override
    void run(FsFiler filer) {
        for (String given : paths) {
            try {
                String path = absolute(given);
                RemoteEntry root = filer.require(path);
                long bytes = 0;
                long files = 0;
                long dirs = 0;
                Deque<RemoteEntry> pending = new ArrayDeque<>(List.of(root));
                while (!pending.isEmpty()) {
                    RemoteEntry e = pending.poll();
                    if (e.directory()) {
                        dirs += e == root ? 0 : 1;
                        pending.addAll(filer.children(e.path()));
                    } else {
                        files++;
                        bytes += e.size();
                    }
                }
                out().println(bytes + "\t" + files + " files\t" + dirs + " dirs\t" + path);
            } catch (FsFailure e) {
                report(e);
            }
        }
    }
}
