package io.hayloft.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hayloft version}: the same lines as {@code hayloft --version}. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "Print the Hayloft and Java versions.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : new VersionProvider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
