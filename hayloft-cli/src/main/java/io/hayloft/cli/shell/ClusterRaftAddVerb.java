package io.hayloft.cli.shell;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * {@code cluster.raft.add -address host:port [-raftAddress host:port] [-id host_port]}: adds a
 * running master (started with {@code -peers} naming the group's masters but not itself) to the
 * group. Idempotent. A master's id is derived from its HTTP address.
 */
final class ClusterRaftAddVerb implements ShellVerb {
    @Override
    public String name() {
        return "cluster.raft.add";
    }

    @Override
    public String summary() {
        return "add a running master to the raft group";
    }

    @Override
    public String usage() {
        return "-address HOST:PORT [-raftAddress HOST:PORT] [-id HOST_PORT]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("address", "raftAddress", "id");
        StringBuilder q = new StringBuilder("/cluster/raft/add?address=").append(enc(args.required("address")));
        args.value("raftAddress").ifPresent(r -> q.append("&raftAddress=").append(enc(r)));
        args.value("id").ifPresent(id -> q.append("&id=").append(enc(id)));
        JsonNode answer = session.masters().post(q.toString());
        session.out().println("members now:");
        MemberLines.print(answer, session.out());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
