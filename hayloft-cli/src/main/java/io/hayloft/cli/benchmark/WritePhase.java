package io.hayloft.cli.benchmark;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.FileId;
import io.hayloft.api.wire.AssignResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The write phase: each operation assigns a fid ({@code GET /dir/assign}) and uploads
 * {@code size + 0..63} bytes to it as a raw body, as SeaweedFS clients and the peers' load driver do.
 */
final class WritePhase {
    /** Upload sizes vary by up to this many bytes above {@code -size}, as in {@code weed benchmark}. */
    static final int SIZE_SPREAD = 64;

    private final Supplier<BenchClient> clients;
    private final String assignPath;
    private final int size;
    private final StoredBlob[] stored;

    /** A phase of {@code operations} writes of about {@code size} bytes. */
    WritePhase(Supplier<BenchClient> clients, String collection, String replication, int size, int operations) {
        this.clients = clients;
        this.assignPath = MasterApi.ASSIGN.query().param(MasterApi.COLLECTION, collection)
                .param(MasterApi.REPLICATION, replication).pathAndQuery();
        this.size = size;
        this.stored = new StoredBlob[operations];
    }

    /** Runs the writes on {@code concurrency} workers. */
    PhaseResult run(int concurrency) {
        return PhaseRunner.run("Write", concurrency, stored.length, clients, this::write);
    }

    /** The blobs written successfully, in operation order. Call after {@link #run}. */
    List<StoredBlob> stored() {
        List<StoredBlob> blobs = new ArrayList<>(stored.length);
        for (StoredBlob b : stored) {
            if (b != null) {
                blobs.add(b);
            }
        }
        return blobs;
    }

    private long write(int index, BenchClient client) {
        AssignResponse assigned = client.assign(assignPath);
        FileId fid = FileId.parse(assigned.fid());
        int length = size + ThreadLocalRandom.current().nextInt(SIZE_SPREAD);
        client.upload(assigned.url(), fid, assigned.auth(), Payload.of(fid, length), length);
        stored[index] = new StoredBlob(fid, length);
        return length;
    }
}
