package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
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
        JsonNode answer = session.masters().post(MasterApi.RAFT_ADD.query()
                .param(MasterApi.ADDRESS, args.required("address"))
                .param(MasterApi.RAFT_ADDRESS, args.value("raftAddress"))
                .param(MasterApi.ID, args.value("id")));
        session.out().println("members now:");
        MemberLines.print(answer, session.out());
    }
}
