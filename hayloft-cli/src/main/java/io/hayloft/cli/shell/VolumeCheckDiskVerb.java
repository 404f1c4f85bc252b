package io.hayloft.cli.shell;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code volume.check.disk [-volumeId N] [-apply]}: compares the replicas of every volume that has
 * more than one (or of one volume). The first replica by url, the one background sync would pick,
 * coordinates ({@code POST /admin/volume/sync?volume=N}) and reports what differs; with
 * {@code -apply} it also repairs. A volume whose coordinator cannot be reached is reported and
 * the others still checked.
 */
final class VolumeCheckDiskVerb implements ShellVerb {
    @Override
    public String name() {
        return "volume.check.disk";
    }

    @Override
    public String summary() {
        return "compare the replicas of each volume and repair differences (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "[-volumeId N] [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("volumeId", "apply");
        boolean apply = args.flag("apply");
        Optional<VolumeId> only = args.volumeId("volumeId");
        List<Replicated> volumes = only.isPresent() ? List.of(new Replicated(only.get().value(),
                VolumeTopology.holders(session.masters(), only.get()).stream().sorted().toList()))
                : VolumeTopology.read(session.masters()).volumes().values().stream()
                        .map(r -> new Replicated(r.id(), r.servers())).toList();
        if (!apply) {
            session.out().println("dry run: nothing repaired; add -apply to repair");
        }
        int checked = 0;
        int differing = 0;
        int failed = 0;
        for (Replicated v : volumes) {
            if (v.servers().size() < 2) {
                if (only.isPresent()) {
                    session.out().printf("volume %d: one replica (%s), nothing to compare%n", v.id(),
                            String.join(", ", v.servers()));
                }
                continue;
            }
            String coordinator = v.servers().getFirst();
            checked++;
            try {
                JsonNode r = session.masters().postTo(coordinator, VolumeApi.SYNC.query()
                        .param(VolumeApi.VOLUME, v.id()).flag(VolumeApi.APPLY, apply));
                differing += r.path("inSync").asBoolean() ? 0 : 1;
                session.out().printf("volume %d  %s vs %s: %s%n", v.id(), coordinator,
                        ReplicationPlanLines.list(r.path("peers")), verdict(r));
            } catch (HayloftException e) {
                failed++;
                session.out().printf("volume %d  %s: cannot check: %s%n", v.id(), coordinator, e.getMessage());
            }
        }
        session.out().printf("%d volume(s) checked, %d with differences%n", checked, differing);
        if (failed > 0) {
            throw new ShellFailedException(failed + " volume(s) could not be checked");
        }
    }

    private static String verdict(JsonNode r) {
        if (r.path("inSync").asBoolean()) {
            return "in sync";
        }
        return String.format("missingHere %d  missingOnPeers %d  deleteHere %d  deleteOnPeers %d  conflicts %d"
                        + "  repaired %d", r.path("missingHere").asLong(), r.path("missingOnPeers").asLong(),
                r.path("deleteHere").asLong(), r.path("deleteOnPeers").asLong(), r.path("conflicts").asLong(),
                r.path("repaired").asLong());
    }

    /** A volume and the servers holding it, sorted. */
    private record Replicated(int id, List<String> servers) {
    }
}
