package io.hayloft.cli.shell;

import io.hayloft.cli.fs.FsFiler;
import io.hayloft.cli.fs.FsFailure;
import io.hayloft.cli.fs.RemoteEntry;

/**
 * {@code fs.cd [PATH]}: changes the current directory of the {@code fs.*} commands (to {@code /}
 * without a path), after checking with the filer that PATH is a directory.
 */
final class FsCdVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.cd";
    }

    @Override
    public String summary() {
        return "change the current filer directory (/ by default)";
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
        String path = args.operands().isEmpty() ? "/" : session.resolve(args.operands().getFirst());
        if (!path.equals("/")) {
            try (FsFiler filer = new FsFiler(session.filer(), session.security())) {
                RemoteEntry entry = filer.stat(path).orElseThrow(
                        () -> new ShellFailedException(path + ": No such file or directory"));
                if (!entry.directory()) {
                    throw new ShellFailedException(path + ": Not a directory");
                }
            } catch (FsFailure e) {
                throw new ShellFailedException(e.getMessage());
            }
        }
        session.changeDirectory(path);
    }
}
