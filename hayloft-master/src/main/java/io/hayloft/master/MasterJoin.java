package io.hayloft.master;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.wire.PathQuery;
import io.hayloft.api.HayloftException;
import io.hayloft.http.PeerClient;
import io.hayloft.master.raft.MasterRaft;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master started in join mode asking the running group to add it: it calls
 * {@code POST /cluster/raft/add?address=&raftAddress=} on each listed master in turn (a follower
 * forwards to the leader) until the change commits or it finds itself in the configuration, every
 * {@link #RETRY} for at most {@link #PATIENCE}. Runs on its own virtual thread; {@link #close()}
 * stops it.
 */
final class MasterJoin implements AutoCloseable {
    static final Duration RETRY = Duration.ofSeconds(1);
    static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(MasterJoin.class);

    private final MasterRaft raft;
    private final PeerClient peers;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    private MasterJoin(MasterRaft raft, PeerClient peers) {
        this.raft = raft;
        this.peers = peers;
        this.thread = Thread.ofVirtual().name("hayloft-master-join").unstarted(this::run);
    }

    /** Starts asking when {@code raft} waits for membership; otherwise returns an idle handle. */
    static MasterJoin startIfJoining(MasterRaft raft, PeerClient peers) {
        MasterJoin join = new MasterJoin(raft, peers);
        if (raft.awaitingMembership()) {
            join.thread.start();
        }
        return join;
    }

    private void run() {
        PathQuery query = MasterApi.RAFT_ADD.query().param(MasterApi.ADDRESS, raft.selfHttpAddress())
                .param(MasterApi.RAFT_ADDRESS, raft.selfRaftAddress());
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> via = raft.joinVia();
        while (raft.awaitingMembership() && System.nanoTime() < deadline) {
            for (String master : via) {
                if (ask(master, query)) {
                    LOG.info("master {} joined the group via {}", raft.selfHttpAddress(), master);
                    return;
                }
            }
            try {
                if (closed.await(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
        if (raft.awaitingMembership()) {
            LOG.error("master {} was not added by any of {} within {}; add it with"
                    + " 'hayloft shell cluster.raft.add -address {}'", raft.selfHttpAddress(), via, PATIENCE,
                    raft.selfHttpAddress());
        }
    }

    private boolean ask(String master, PathQuery query) {
        try {
            PeerClient.Response r = peers.call(HttpMethod.POST, query.url(master),
                    Map.of(), null);
            if (r.ok()) {
                return true;
            }
            LOG.info("joining via {}: {} {}", master, r.status(), r.bodyAsString());
        } catch (HayloftException e) {
            LOG.info("joining via {}: {}", master, e.getMessage());
        }
        return false;
    }

    /** Stops asking; idempotent. */
    @Override
    public void close() {
        closed.countDown();
    }
}
