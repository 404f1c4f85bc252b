package io.hayloft.cli.shell;

/** {@code help [-command name]}: lists the commands, or shows one. */
final class HelpVerb implements ShellVerb {
    private ShellRegistry registry;

    void attach(ShellRegistry r) {
        this.registry = r;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String summary() {
        return "list the commands, or describe one";
    }

    @Override
    public String usage() {
        return "[-command NAME]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("command");
        if (args.value("command").isPresent()) {
            String name = args.required("command");
            ShellVerb v = registry.find(name).orElseThrow(() -> new ShellUsageException("unknown command '" + name + "'"));
            session.out().printf("%s %s%n  %s%n", v.name(), v.usage(), v.summary());
            return;
        }
        for (ShellVerb v : registry.all()) {
            session.out().printf("  %-22s %s%n", v.name(), v.summary());
        }
        session.out().println("Destructive commands only print what they would do; add -apply to act.");
    }
}
