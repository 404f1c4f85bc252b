package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.VolumeId;
import tools.jackson.databind.JsonNode;

/**
 * {@code volume.mark -volumeId N (-readonly | -writable) [-node HOST:PORT]}: marks a volume
 * read-only or writable on every replica (or one), persistently.
 */
final class VolumeMarkVerb implements ShellVerb {
    @Override
    public String name() {
        return "volume.mark";
    }

    @Override
    public String summary() {
        return "mark a volume read-only or writable on every replica (or one)";
    }

    @Override
    public String usage() {
        return "-volumeId N (-readonly | -writable) [-node HOST:PORT]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("volumeId", "readonly", "writable", "node");
        VolumeId id = args.requiredVolumeId("volumeId");
        boolean readonly = args.flag("readonly");
        if (readonly == args.flag("writable")) {
            throw new ShellUsageException("give exactly one of -readonly and -writable");
        }
        JsonNode r = session.masters().post(MasterApi.MARK.query().param(MasterApi.VOLUME, id)
                .param(MasterApi.READONLY, readonly).param(MasterApi.NODE, args.hostPort("node")));
        session.out().printf("volume %s marked %s on %s%n", id, readonly ? "read-only" : "writable",
                ReplicationPlanLines.list(r.path("nodes")));
    }
}
