package io.hayloft.cli.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code fs.put LOCAL... [REMOTE]}: {@code hayloft fs put}; with one operand the file goes into the
 * current directory, otherwise the last operand is the remote file or directory.
 */
final class FsPutVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.put";
    }

    @Override
    public String summary() {
        return "upload local files (into the current directory when no REMOTE)";
    }

    @Override
    public String usage() {
        return "LOCAL... [REMOTE]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        List<String> operands = args.operands();
        if (operands.isEmpty()) {
            throw new ShellUsageException("needs at least one LOCAL file");
        }
        List<String> passed = new ArrayList<>();
        if (operands.size() == 1) {
            passed.add(operands.getFirst());
            passed.add(session.directory().equals("/") ? "/" : session.directory() + "/");
        } else {
            passed.addAll(operands.subList(0, operands.size() - 1));
            passed.add(resolvedKeepingSlash(session, operands.getLast()));
        }
        FsBridge.run(session, "put", List.of(), passed);
    }
}
