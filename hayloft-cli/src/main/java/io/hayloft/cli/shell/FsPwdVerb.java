package io.hayloft.cli.shell;

/** {@code fs.pwd}: the current directory of the {@code fs.*} commands. */
final class FsPwdVerb extends FsVerb {
    @Override
    public String name() {
        return "fs.pwd";
    }

    @Override
    public String summary() {
        return "print the current filer directory";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        if (!args.operands().isEmpty()) {
            throw new ShellUsageException("takes no arguments");
        }
        session.out().println(session.directory());
    }
}
