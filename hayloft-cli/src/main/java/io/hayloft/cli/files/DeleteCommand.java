package io.hayloft.cli.files;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.cli.console.Progress;
import io.hayloft.cli.options.ClusterOptions;
import io.hayloft.cli.options.FileIdConverter;
import io.hayloft.client.HayloftClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import io.hayloft.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hayloft delete FID...}: deletes blobs and prints how many bytes each freed. */
@Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Delete blobs by fid (every replica).")
public final class DeleteCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "FID", arity = "1..*", converter = FileIdConverter.class,
            description = "File ids such as 3,01637037d6.")
    List<FileId> fids;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        try (HayloftClient client = cluster.connect(); Progress progress = Progress.of("delete", fids.size())) {
            for (FileId fid : fids) {
                try {
                    long size = client.delete(fid);
                    out.println("deleted " + fid + " (" + size + " bytes)");
                } catch (HayloftException e) {
                    failed++;
                    err.println("hayloft delete: " + fid + ": " + e.getMessage());
                }
                progress.step();
            }
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }
}
