package io.hayloft.cli.simulate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hayloft simulate}: the parent of the scale simulations; alone, it prints its usage. */
@Command(name = "simulate", mixinStandardHelpOptions = true, subcommands = {SimulateVolumeCommand.class, SimulateClusterCommand.class},
        description = "Measure Hayloft at a scale this machine cannot hold for real.")
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }
}
