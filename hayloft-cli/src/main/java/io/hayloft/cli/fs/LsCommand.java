package io.hayloft.cli.fs;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hayloft fs ls [-l] PATH...}: a directory's entries in name order (a file lists itself). */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List directory contents.")
final class LsCommand extends FsSubcommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    @Option(names = "-l", description = "Long format: mode, size, chunks, mtime (UTC), name.")
    boolean longFormat;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Paths to list. Default: /.")
    List<String> paths = List.of("/");

    @Override
    void run(FsFiler filer) {
        for (String given : paths) {
            try {
                String path = absolute(given);
                RemoteEntry entry = filer.require(path);
                if (paths.size() > 1 && entry.directory()) {
                    out().println(path + ":");
                }
                for (RemoteEntry e : entry.directory() ? filer.children(path) : List.of(entry)) {
                    out().println(format(e));
                }
            } catch (FsFailure e) {
                report(e);
            }
        }
    }

    private String format(RemoteEntry e) {
        String name = e.directory() ? e.name() + "/" : e.name();
        if (!longFormat) {
            return name;
        }
        return String.format("%s %14d %4d %s %s", e.modeString(), e.size(), e.chunks(), TIME.format(e.mtime()), name);
    }
}
