package io.hayloft.cli.shell;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Endpoint;
import io.hayloft.api.wire.MasterApi;
import java.io.PrintWriter;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The call every plan-then-apply command makes to the leader: its flags read and checked, the endpoint
 * posted with {@code collection} (and {@code volume}) and {@code apply}, and the dry-run line printed
 * unless {@code -apply}. Stateless.
 */
final class PlanCall {
    private PlanCall() {
    }

    /**
     * For {@code [-collection NAME] [-apply]} commands.
     *
     * @param dryRun the line printed first when {@code -apply} is absent
     * @return the leader's answer
     * @throws ShellUsageException for another flag
     */
    static JsonNode forCollection(ShellArgs args, ShellSession session, Endpoint endpoint, String dryRun) {
        args.allowOnly("collection", "apply");
        boolean apply = args.flag("apply");
        JsonNode r = session.masters().post(endpoint.query().param(MasterApi.COLLECTION, args.value("collection"))
                .flag(MasterApi.APPLY, apply));
        if (!apply) {
            session.out().println(dryRun);
        }
        return r;
    }

    /**
     * For {@code -volumeId N [-collection NAME] [-apply]} commands.
     *
     * @param dryRun the line printed first when {@code -apply} is absent
     * @return the leader's answer
     * @throws ShellUsageException without a valid {@code -volumeId}, or for another flag (nothing is called)
     */
    static JsonNode forVolume(ShellArgs args, ShellSession session, Endpoint endpoint, String dryRun) {
        args.allowOnly("volumeId", "collection", "apply");
        VolumeId id = args.requiredVolumeId("volumeId");
        boolean apply = args.flag("apply");
        JsonNode r = session.masters().post(endpoint.query().param(MasterApi.VOLUME, id)
                .param(MasterApi.COLLECTION, args.value("collection")).flag(MasterApi.APPLY, apply));
        if (!apply) {
            session.out().println(dryRun);
        }
        return r;
    }

    /** Prints {@code {"ip:port": [shards]}} one server a line. */
    static void printShards(PrintWriter out, JsonNode byServer) {
        for (Map.Entry<String, JsonNode> e : byServer.properties()) {
            out.printf("  %-22s shards %s%n", e.getKey(), ReplicationPlanLines.list(e.getValue()));
        }
    }
}
