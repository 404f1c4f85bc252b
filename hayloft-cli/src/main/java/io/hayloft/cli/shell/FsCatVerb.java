package io.hayloft.cli.shell;

import java.util.List;

/** {@code fs.cat PATH...}: {@code hayloft fs cat}, byte for byte to the session's binary output. */
final class FsCatVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.cat";
    }

    @Override
    public String summary() {
        return "print files";
    }

    @Override
    public String usage() {
        return "PATH...";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        FsBridge.run(session, "cat", List.of(), resolvedAtLeastOne(session, args.operands()));
    }
}
