package io.hayloft.cli.shell;

import java.util.Set;

/** {@code fs.mkdir [-p] PATH...}: {@code hayloft fs mkdir}. */
final class FsMkdirVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.mkdir";
    }

    @Override
    public String summary() {
        return "create directories (and missing parents); -p: no error when one exists";
    }

    @Override
    public String usage() {
        return "[-p] PATH...";
    }

    @Override
    Set<String> flags() {
        return Set.of("p");
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        FsBridge.run(session, "mkdir", givenFlags(args), resolvedAtLeastOne(session, args.operands()));
    }
}
