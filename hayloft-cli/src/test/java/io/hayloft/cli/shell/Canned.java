package io.hayloft.cli.shell;

import java.util.ArrayList;
import java.util.List;

/** Canned master answers in the masters' own JSON shapes. */
final class Canned {
    private Canned() {
    }

    /** One replica of a volume on a server. */
    record Replica(String server, int volume, String collection, String replication) {
    }

    /** {@code /vol/status} with every server in data center dc1, rack r1. */
    static String volStatus(int max, int free, List<String> servers, List<Replica> replicas) {
        List<String> nodes = new ArrayList<>();
        for (String s : servers) {
            List<String> volumes = replicas.stream().filter(r -> r.server().equals(s)).map(r -> String.format(
                    "{\"Id\":%d,\"Size\":100,\"Collection\":\"%s\",\"ReplicaPlacement\":\"%s\",\"Ttl\":\"\","
                            + "\"FileCount\":1,\"DeleteCount\":0,\"DeletedByteCount\":0,\"ReadOnly\":false,"
                            + "\"CompactRevision\":0,\"ModifiedAtSecond\":0}",
                    r.volume(), r.collection(), r.replication())).toList();
            nodes.add("\"" + s + "\":[" + String.join(",", volumes) + "]");
        }
        return "{\"Version\":\"hayloft 0.1.0\",\"Volumes\":{\"Max\":" + max + ",\"Free\":" + free
                + ",\"DataCenters\":{\"dc1\":{\"r1\":{" + String.join(",", nodes) + "}}}}}";
    }

    /** {@code /dir/lookup} naming {@code servers}. */
    static String lookup(int volume, String... servers) {
        List<String> locations = new ArrayList<>();
        for (String s : servers) {
            locations.add("{\"url\":\"" + s + "\",\"publicUrl\":\"" + s + "\"}");
        }
        return "{\"volumeId\":\"" + volume + "\",\"volumeOrFileId\":\"" + volume + "\",\"locations\":["
                + String.join(",", locations) + "]}";
    }

    /** {@code /cluster/status} of a master that sees {@code leader} and the given members. */
    static String clusterStatus(String leader, String... members) {
        List<String> views = new ArrayList<>();
        for (String m : members) {
            views.add("{\"Id\":\"" + m.replace(':', '_') + "\",\"Address\":\"" + m + "\",\"RaftAddress\":\"" + m
                    + "\",\"Role\":\"FOLLOWER\",\"LastContactMs\":0,\"CommitIndex\":1}");
        }
        return "{\"IsLeader\":false,\"Leader\":\"" + leader + "\",\"Peers\":[" + String.join(",",
                List.of(members).stream().map(m -> "\"" + m + "\"").toList()) + "],\"MaxVolumeId\":3,"
                + "\"Raft\":{\"Self\":\"x\",\"Role\":\"FOLLOWER\",\"Term\":1,\"AppliedIndex\":1,\"Members\":["
                + String.join(",", views) + "]},\"NodeRegistry\":{}}";
    }

    /** A {@code /vol/ec/rebuild} report of a cluster without erasure-coded volumes. */
    static final String NO_EC =
            "{\"applied\":false,\"volumes\":0,\"whole\":0,\"missing\":[],\"unrecoverable\":[],\"unsafe\":[]}";

    /** An empty {@code /vol/fix/replication} plan. */
    static final String HEALTHY_PLAN =
            "{\"applied\":false,\"underReplicated\":[],\"overReplicated\":[],\"unfixable\":[]}";
}
