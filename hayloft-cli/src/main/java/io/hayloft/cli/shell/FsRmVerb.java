package io.hayloft.cli.shell;

import java.util.Set;

/** {@code fs.rm [-r] PATH...}: {@code hayloft fs rm}. */
final class FsRmVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.rm";
    }

    @Override
    public String summary() {
        return "remove files; -r for directories and their contents";
    }

    @Override
    public String usage() {
        return "[-r] PATH...";
    }

    @Override
    Set<String> flags() {
        return Set.of("r");
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        FsBridge.run(session, "rm", givenFlags(args), resolvedAtLeastOne(session, args.operands()));
    }
}
