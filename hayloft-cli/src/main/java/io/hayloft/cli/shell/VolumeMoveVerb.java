package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.VolumeId;
import tools.jackson.databind.JsonNode;

/**
 * {@code volume.move -volumeId N -source HOST:PORT -target HOST:PORT}: has the leader move one
 * replica (writes withheld, copy, sync, delete from the source, writes given back). The master
 * refuses a move that would break the volume's placement.
 */
final class VolumeMoveVerb implements ShellVerb {
    @Override
    public String name() {
        return "volume.move";
    }

    @Override
    public String summary() {
        return "move one replica of a volume from one server to another";
    }

    @Override
    public String usage() {
        return "-volumeId N -source HOST:PORT -target HOST:PORT";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("volumeId", "source", "target");
        VolumeId id = args.requiredVolumeId("volumeId");
        String source = args.requiredHostPort("source");
        String target = args.requiredHostPort("target");
        if (source.equals(target)) {
            throw new ShellUsageException("-source and -target are the same server");
        }
        JsonNode r = session.masters().post(MasterApi.MOVE.query().param(MasterApi.VOLUME, id)
                .param(MasterApi.SOURCE, source).param(MasterApi.TARGET, target));
        session.out().printf("moved volume %d from %s to %s (%d bytes)%n", r.path("volume").asLong(id.value()),
                r.path("source").asString(source), r.path("target").asString(target), r.path("bytes").asLong());
    }
}
