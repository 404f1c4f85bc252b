package io.hayloft.cli.shell;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.MasterApi;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code ec.compact -volumeId N [-collection C] [-apply]}: has the leader reclaim the space of an erasure-coded
 * volume's deleted needles: a new generation of its 14 shards written from the live needles beside the old one,
 * copied to the same holders and verified, committed on every holder (deletes made meanwhile carried over), and
 * only then the old generation dropped. A dry run, printing the garbage ratio and the plan, unless {@code -apply}.
 * With {@code -apply}, a 503 is retried with backoff a few times ({@link ApplyRetry}): a compaction cut short is
 * undone or, when some holders switched, finished by the next attempt, so a retry is always safe.
 */
final class EcCompactVerb implements ShellVerb {
    private final ApplyRetry retry;

    EcCompactVerb() {
        this(ApplyRetry.sleeping());
    }

    EcCompactVerb(ApplyRetry retry) {
        this.retry = retry;
    }

    @Override
    public String name() {
        return "ec.compact";
    }

    @Override
    public String summary() {
        return "reclaim the deleted space of an erasure-coded volume (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "-volumeId N [-collection NAME] [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        JsonNode r;
        if (args.flag("apply")) {
            args.allowOnly("volumeId", "collection", "apply");
            VolumeId id = args.requiredVolumeId("volumeId");
            r = retry.post(session, MasterApi.EC_COMPACT.query().param(MasterApi.VOLUME, id)
                    .param(MasterApi.COLLECTION, args.value("collection")).flag(MasterApi.APPLY, true),
                    Optional::empty).answer().orElseThrow();
        } else {
            r = PlanCall.forVolume(args, session, MasterApi.EC_COMPACT, "dry run: nothing changed; add -apply to compact");
        }
        session.out().printf("volume %d (collection '%s'): generation %d -> %d written on %s; %d of %d needles live, "
                        + "garbage ratio %.3f, %d bytes per shard%n", r.path("volume").asLong(),
                r.path("collection").asString(""), r.path("generation").asInt(), r.path("nextGeneration").asInt(),
                r.path("compactor").asString(""), r.path("live").asLong(), r.path("needles").asLong(),
                r.path("garbageRatio").asDouble(), r.path("shardSizeBefore").asLong());
        PlanCall.printShards(session.out(), r.path("holders"));
        if (args.flag("apply")) {
            session.out().printf("volume %d compacted: generation %d served, %d bytes per shard (was %d)%n",
                    r.path("volume").asLong(), r.path("nextGeneration").asInt(), r.path("shardSizeAfter").asLong(),
                    r.path("shardSizeBefore").asLong());
        }
    }
}
