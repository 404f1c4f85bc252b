package io.hayloft.cli.shell;

import java.util.List;

/** {@code fs.du [PATH...]}: {@code hayloft fs du}, of the current directory by default. */
final class FsDuVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.du";
    }

    @Override
    public String summary() {
        return "total size, files and directories under paths";
    }

    @Override
    public String usage() {
        return "[PATH...]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        FsBridge.run(session, "du", List.of(), resolvedOrCurrent(session, args.operands()));
    }
}
