package io.hayloft.cli.fs;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hayloft fs tree PATH}: the subtree drawn as {@code tree} draws it, then a count:
 * <pre>
 *   /photos
 *   ├── 2024/
 *   │   └── cat.jpg
 *   └── dog.jpg
 *
 *   1 directories, 2 files
 * </pre>
 */
@Command(name = "tree", mixinStandardHelpOptions = true, description = "Draw a directory tree.")
final class TreeCommand extends FsSubcommand {
    @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "/", description = "Top of the tree. Default: /.")
    String top;

    private long dirs;
    private long files;

    @Override
    void run(FsFiler filer) {
        String path = absolute(top);
        RemoteEntry root = filer.require(path);
        out().println(path);
        if (root.directory()) {
            draw(filer, path, "");
        }
        out().println();
        out().println(dirs + " directories, " + files + " files");
    }

    private void draw(FsFiler filer, String directory, String indent) {
        List<RemoteEntry> children = filer.children(directory);
        for (int i = 0; i < children.size(); i++) {
            RemoteEntry e = children.get(i);
            boolean last = i == children.size() - 1;
            out().println(indent + (last ? "└── " : "├── ") + e.name() + (e.directory() ? "/" : ""));
            if (e.directory()) {
                dirs++;
                draw(filer, e.path(), indent + (last ? "    " : "│   "));
            } else {
                files++;
            }
        }
    }
}
