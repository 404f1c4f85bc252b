package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import tools.jackson.databind.JsonNode;

/**
 * {@code ec.encode -volumeId N [-collection C] [-apply]}: has the leader turn a replicated volume into an
 * erasure-coded one (RS(10,4)): seal its replicas, encode on one, spread the 14 shards so that no server
 * (and, with 4 racks or more, no rack) holds more than 4, verify every copied shard, wait until every
 * holder reports its shards, and only then delete the replicas. A dry run, printing the placement, unless
 * {@code -apply}.
 */
final class EcEncodeVerb implements ShellVerb {
    @Override
    public String name() {
        return "ec.encode";
    }

    @Override
    public String summary() {
        return "erasure-code a volume into 10+4 shards spread over servers (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "-volumeId N [-collection NAME] [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        JsonNode r = PlanCall.forVolume(args, session, MasterApi.EC_ENCODE,
                "dry run: nothing changed; add -apply to encode");
        boolean apply = args.flag("apply");
        session.out().printf("volume %d (collection '%s'): encode on %s, replicas on %s%n", r.path("volume").asLong(),
                r.path("collection").asString(""), r.path("source").asString(""),
                ReplicationPlanLines.list(r.path("replicas")));
        PlanCall.printShards(session.out(), r.path("shards"));
        session.out().println(r.path("rackSafe").asBoolean() ? "  any one rack can be lost"
                : "  rack safety: " + r.path("note").asString("not met"));
        if (apply) {
            session.out().printf("volume %d erasure-coded; its replicas are deleted%n", r.path("volume").asLong());
        }
    }
}
