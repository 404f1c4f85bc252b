package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import tools.jackson.databind.JsonNode;

/**
 * {@code ec.decode -volumeId N [-collection C] [-apply]}: has the leader turn an erasure-coded volume back
 * into a replicated one: the holder of the most shards rebuilds it (live needles only), the master waits
 * for its heartbeat, then drops every shard; re-replication adds the replicas its placement asks for. A dry
 * run unless {@code -apply}.
 */
final class EcDecodeVerb implements ShellVerb {
    @Override
    public String name() {
        return "ec.decode";
    }

    @Override
    public String summary() {
        return "turn an erasure-coded volume back into a replicated one (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "-volumeId N [-collection NAME] [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        JsonNode r = PlanCall.forVolume(args, session, MasterApi.EC_DECODE,
                "dry run: nothing changed; add -apply to decode");
        boolean apply = args.flag("apply");
        session.out().printf("volume %d (collection '%s'): rebuilt on %s from the shards on%n",
                r.path("volume").asLong(), r.path("collection").asString(""), r.path("target").asString(""));
        PlanCall.printShards(session.out(), r.path("holders"));
        if (apply) {
            session.out().printf("volume %d decoded; its shards are dropped%n", r.path("volume").asLong());
        }
    }
}
