package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import tools.jackson.databind.JsonNode;

/**
 * {@code filer.partition.move -partition N -source NODE -target NODE [-apply]}: plans (dry run) or has
 * the leader master do the move of one replica of a filer partition from one filer server to another
 * (node ids, as {@code filer.partition.list} shows them): the target joins the partition's Raft group,
 * catches up, and the source leaves it, the group keeping a majority throughout.
 */
final class FilerPartitionMoveVerb implements ShellVerb {
    @Override
    public String name() {
        return "filer.partition.move";
    }

    @Override
    public String summary() {
        return "move one replica of a filer partition to another filer server (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "-partition N -source NODE -target NODE [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("partition", "source", "target", "apply");
        long partition = number(args, "partition", 0);
        long source = number(args, "source", 1);
        long target = number(args, "target", 1);
        if (source == target) {
            throw new ShellUsageException("-source and -target are the same filer server");
        }
        boolean apply = args.flag("apply");
        JsonNode r = session.masters().post(MasterApi.PARTITION_MOVE.query().param(MasterApi.PARTITION, partition)
                .param(MasterApi.SOURCE, source).param(MasterApi.TARGET, target).flag(MasterApi.APPLY, apply));
        if (!apply) {
            session.out().println("dry run: nothing moved; add -apply to move");
        }
        session.out().printf("%s partition %d from filer server %d to %d: replicas %s (table version %d)%n",
                apply ? "moved" : "would move", partition, source, target, r.path("replicas"), r.path("version").asLong());
    }

    private static long number(ShellArgs args, String name, long min) {
        String v = args.required(name);
        try {
            long n = Long.parseLong(v);
            if (n < min) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ShellUsageException("-" + name + " must be a number of at least " + min + ", got '" + v + "'");
        }
    }
}
