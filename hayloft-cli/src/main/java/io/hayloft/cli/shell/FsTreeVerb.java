package io.hayloft.cli.shell;

import java.util.List;

/** {@code fs.tree [PATH]}: {@code hayloft fs tree}, of the current directory by default. */
final class FsTreeVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.tree";
    }

    @Override
    public String summary() {
        return "draw a directory tree";
    }

    @Override
    public String usage() {
        return "[PATH]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        if (args.operands().size() > 1) {
            throw new ShellUsageException("takes one PATH at most");
        }
        FsBridge.run(session, "tree", List.of(), resolvedOrCurrent(session, args.operands()));
    }
}
