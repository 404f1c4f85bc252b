package io.hayloft.cli.shell;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.MasterApi;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code ec.encode -volumeId N [-collection C] [-apply]}: has the leader turn a replicated volume into an
 * erasure-coded one (RS(10,4)): seal its replicas, encode on one, spread the 14 shards so that no server
 * (and, with 4 racks or more, no rack) holds more than 4, verify every copied shard, wait until every
 * holder reports its shards, and only then delete the replicas. A dry run, printing the placement, unless
 * {@code -apply}. With {@code -apply}, a 503 is handled by {@link ApplyRetry}: retried with backoff, a few times,
 * unless {@code /dir/lookup} shows the volume coded already (all 14 shards registered).
 */
final class EcEncodeVerb implements ShellVerb {
    private final ApplyRetry retry;

    EcEncodeVerb() {
        this(ApplyRetry.sleeping());
    }

    EcEncodeVerb(ApplyRetry retry) {
        this.retry = retry;
    }

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
        boolean apply = args.flag("apply");
        JsonNode r;
        if (apply) {
            args.allowOnly("volumeId", "collection", "apply");
            VolumeId id = args.requiredVolumeId("volumeId");
            ApplyRetry.Outcome outcome = retry.post(session, MasterApi.EC_ENCODE.query().param(MasterApi.VOLUME, id)
                    .param(MasterApi.COLLECTION, args.value("collection")).flag(MasterApi.APPLY, true),
                    () -> coded(session, id));
            if (outcome.answer().isEmpty()) {
                session.out().printf("volume %d erasure-coded%n", id.value());
                return;
            }
            r = outcome.answer().get();
        } else {
            r = PlanCall.forVolume(args, session, MasterApi.EC_ENCODE, "dry run: nothing changed; add -apply to encode");
        }
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

    /** After a 503: whether {@code /dir/lookup} names a holder for every one of the 14 shards. */
    private static Optional<String> coded(ShellSession session, VolumeId id) {
        JsonNode lookup;
        try {
            lookup = session.masters().get(MasterApi.LOOKUP.query().param(MasterApi.VOLUME_ID, id));
        } catch (RuntimeException unknownOrUnreachable) {
            return Optional.empty();
        }
        int registered = 0;
        for (JsonNode s : lookup.path("ecShards")) {
            registered += s.path("locations").isEmpty() ? 0 : 1;
        }
        if (registered < 14) {
            return Optional.empty();
        }
        int replicas = lookup.path("locations").size();
        return Optional.of("/dir/lookup shows all 14 shards of volume " + id + " registered"
                + (replicas == 0 ? "" : " and " + replicas + " replica(s) left (delete them with volume.delete)"));
    }
}
