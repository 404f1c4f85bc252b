package io.hayloft.cli.options;

import io.hayloft.client.ClientConfig;
import io.hayloft.client.HayloftClient;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code -master host:port[,host:port...]}: the masters a client command talks to. */
public final class ClusterOptions {
    @Option(names = {"-master", "--master"}, split = ",", paramLabel = "HOST:PORT", defaultValue = "localhost:9333",
            description = "Master address(es), comma separated, tried in order. Default: ${DEFAULT-VALUE}.")
    private List<String> masters;

    /** The masters as given. */
    public List<String> masters() {
        return masters;
    }

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    /**
     * A client for these masters with default settings; the caller closes it. With {@code security.toml}'s
     * internal key its calls carry the internal token (so that it may get delete tokens).
     */
    public HayloftClient connect() {
        return HayloftClient.create(ClientConfig.defaults(masters),
                spec == null ? io.hayloft.security.SecurityConfig.NONE : io.hayloft.cli.HayloftCommand.security(spec));
    }
}
