package io.hayloft.cli.shell;

import java.util.List;

/** {@code fs.mv SRC DST}: {@code hayloft fs mv}. */
final class FsMvVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.mv";
    }

    @Override
    public String summary() {
        return "move or rename a file or directory (into DST when it is a directory)";
    }

    @Override
    public String usage() {
        return "SRC DST";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        if (args.operands().size() != 2) {
            throw new ShellUsageException("needs SRC and DST");
        }
        FsBridge.run(session, "mv", List.of(), args.operands().stream().map(session::resolve).toList());
    }
}
