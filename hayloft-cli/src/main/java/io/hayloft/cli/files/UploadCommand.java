package io.hayloft.cli.files;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.wire.SubmitResponse;
import io.hayloft.cli.console.Progress;
import io.hayloft.cli.options.ClusterOptions;
import io.hayloft.cli.options.ReplicationConverter;
import io.hayloft.cli.options.TtlConverter;
import io.hayloft.client.AssignRequest;
import io.hayloft.client.HayloftClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import io.hayloft.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code hayloft upload FILE...}: stores files and prints where, as a JSON array. */
@Command(name = "upload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Upload files; print a JSON array of {fileName, fid, fileUrl, size}, one per stored file.",
                "Files that fail are reported on stderr and the exit code is 1."})
public final class UploadCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-collection", "--collection"}, paramLabel = "NAME", description = "Collection to store into.")
    String collection;

    @Option(names = {"-replication", "--replication"}, paramLabel = "XYZ", converter = ReplicationConverter.class,
            description = "Replica placement, e.g. 001. Default: the master's.")
    ReplicaPlacement replication;

    @Option(names = {"-ttl", "--ttl"}, paramLabel = "TTL", converter = TtlConverter.class,
            description = "Time to live: 3m, 4h, 5d, 6w, 7M, 8y. Default: for ever.")
    Ttl ttl;

    @Option(names = {"-dataCenter", "--dataCenter"}, paramLabel = "NAME", description = "Preferred data center.")
    String dataCenter;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to upload.")
    List<Path> files;

    /** What to ask the master for, from the options. */
    AssignRequest assignRequest() {
        return AssignRequest.single().withCollection(collection).withReplication(replication).withTtl(ttl)
                .withDataCenter(dataCenter);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<UploadedFile> uploaded = new ArrayList<>();
        int failed = 0;
        AssignRequest request = assignRequest();
        try (HayloftClient client = cluster.connect(); Progress progress = Progress.of("upload", files.size())) {
            for (Path file : files) {
                try {
                    SubmitResponse r = client.uploadFile(file, request);
                    uploaded.add(new UploadedFile(r.fileName(), r.fid(), r.fileUrl(), r.size()));
                } catch (HayloftException e) {
                    failed++;
                    err.println("hayloft upload: " + file + ": " + e.getMessage());
                }
                progress.step();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(JsonMapper.shared().writeValueAsString(uploaded));
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }
}
