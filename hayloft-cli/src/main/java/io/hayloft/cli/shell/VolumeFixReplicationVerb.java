package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import tools.jackson.databind.JsonNode;

/**
 * {@code volume.fix.replication [-collection C] [-apply]}: the leader's plan for volumes that lack
 * replicas (a copy from a surviving replica to a node that keeps the placement) or have too many
 * (the stalest surplus copy removed), made now without waiting for the grace period, and the
 * volumes it cannot fix. A dry run unless {@code -apply}; with it, the outcome of each action.
 */
final class VolumeFixReplicationVerb implements ShellVerb {
    @Override
    public String name() {
        return "volume.fix.replication";
    }

    @Override
    public String summary() {
        return "re-replicate volumes that lack replicas, remove surplus ones (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "[-collection NAME] [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        JsonNode plan = PlanCall.forCollection(args, session, MasterApi.FIX_REPLICATION,
                "dry run: nothing changed; add -apply to act");
        int failed = ReplicationPlanLines.print(plan, session.out());
        if (failed > 0) {
            throw new ShellFailedException(failed + " repair(s) failed");
        }
    }
}
