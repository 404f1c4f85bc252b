package io.hayloft.cli.shell;

import java.util.Set;

/** {@code fs.ls [-l] [PATH...]}: {@code hayloft fs ls}, paths relative to the current directory (the default). */
final class FsLsVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.ls";
    }

    @Override
    public String summary() {
        return "list a directory's entries (a file lists itself); -l for mode, size, chunks, mtime";
    }

    @Override
    public String usage() {
        return "[-l] [PATH...]";
    }

    @Override
    Set<String> flags() {
        return Set.of("l");
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        FsBridge.run(session, "ls", givenFlags(args), resolvedOrCurrent(session, args.operands()));
    }
}
