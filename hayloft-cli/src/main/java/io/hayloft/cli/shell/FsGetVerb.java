package io.hayloft.cli.shell;

import java.util.ArrayList;
import java.util.List;

/** {@code fs.get REMOTE [LOCAL]}: {@code hayloft fs get}, REMOTE relative to the current directory. */
final class FsGetVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.get";
    }

    @Override
    public String summary() {
        return "download a file (LOCAL: a file or directory, default .)";
    }

    @Override
    public String usage() {
        return "REMOTE [LOCAL]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        List<String> operands = args.operands();
        if (operands.isEmpty() || operands.size() > 2) {
            throw new ShellUsageException("needs REMOTE and at most one LOCAL");
        }
        List<String> passed = new ArrayList<>(List.of(session.resolve(operands.getFirst())));
        passed.addAll(operands.subList(1, operands.size()));
        FsBridge.run(session, "get", List.of(), passed);
    }
}
