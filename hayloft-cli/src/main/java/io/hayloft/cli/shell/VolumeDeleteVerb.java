package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code volume.delete -volumeId N [-node HOST:PORT] [-apply]}: deletes a volume from every server
 * holding it, or from one. Without {@code -apply} it looks the volume up and names the replicas
 * that would go.
 */
final class VolumeDeleteVerb implements ShellVerb {
    @Override
    public String name() {
        return "volume.delete";
    }

    @Override
    public String summary() {
        return "delete a volume from every server or one (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "-volumeId N [-node HOST:PORT] [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("volumeId", "node", "apply");
        VolumeId id = args.requiredVolumeId("volumeId");
        Optional<String> node = args.hostPort("node");
        if (args.flag("apply")) {
            JsonNode r = session.masters().post(MasterApi.VOLUME_DELETE.query().param(MasterApi.VOLUME, id)
                    .param(MasterApi.NODE, node));
            session.out().printf("deleted volume %s from %s%n", id,
                    ReplicationPlanLines.list(r.path("deleted")));
            return;
        }
        List<String> holders = VolumeTopology.holders(session.masters(), id);
        if (node.isPresent() && !holders.contains(node.get())) {
            throw HayloftException.notFound("volume " + id + " is not on " + node.get() + "; it is on "
                    + String.join(", ", holders));
        }
        List<String> going = node.map(List::of).orElse(holders);
        session.out().printf("would delete volume %s from %s%s; add -apply to do it%n", id,
                String.join(", ", going), going.size() == holders.size() ? " (every replica)"
                        : " (" + (holders.size() - going.size()) + " replica(s) kept)");
    }
}
