package io.hayloft.cli.shell;

import io.hayloft.api.wire.PathQuery;
import io.hayloft.api.wire.MasterApi;
import tools.jackson.databind.JsonNode;

/**
 * {@code volume.vacuum [-garbageThreshold 0.3] [-collection C]}: has the leader compact, on every
 * replica, each volume whose garbage ratio passes the threshold (as {@code /vol/vacuum} does), and
 * prints what each volume gave back. Compaction keeps every live needle, so it runs without
 * {@code -apply}, as SeaweedFS's {@code volume.vacuum} does.
 */
final class VolumeVacuumVerb implements ShellVerb {
    @Override
    public String name() {
        return "volume.vacuum";
    }

    @Override
    public String summary() {
        return "compact volumes whose garbage ratio passes the threshold, on every replica";
    }

    @Override
    public String usage() {
        return "[-garbageThreshold RATIO] [-collection NAME]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("garbageThreshold", "collection");
        PathQuery query = MasterApi.VACUUM.query();
        args.value("garbageThreshold").ifPresent(t -> {
            try {
                double ratio = Double.parseDouble(t);
                if (!(ratio > 0 && ratio < 1)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new ShellUsageException("-garbageThreshold must be a ratio between 0 and 1, got " + t);
            }
            query.param(MasterApi.GARBAGE_THRESHOLD, t);
        });
        query.param(MasterApi.COLLECTION, args.value("collection"));
        JsonNode answer = session.masters().post(query);
        JsonNode volumes = answer.has("volumes") ? answer.get("volumes") : answer;
        int compacted = 0;
        long reclaimed = 0;
        for (JsonNode v : volumes) {
            boolean done = v.path("compacted").asBoolean();
            compacted += done ? 1 : 0;
            reclaimed += v.path("bytesReclaimed").asLong();
            session.out().printf("volume %d  collection '%s'  garbage %.2f  %s%n", v.path("volume").asLong(),
                    v.path("collection").asString(""), v.path("garbageRatio").asDouble(),
                    done ? "compacted, " + v.path("bytesReclaimed").asLong() + " bytes back"
                            : "not compacted: " + v.path("failures"));
        }
        session.out().printf("%d volume(s) compacted, %d bytes reclaimed%n", compacted, reclaimed);
    }
}
