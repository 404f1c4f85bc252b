package io.hayloft.cli.benchmark;

import io.hayloft.api.FileId;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.client.AssignRequest;
import io.hayloft.client.HayloftClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The write phase: each operation assigns a fid and uploads {@code size + 0..63} bytes to it. */
final class WritePhase {
    /** Upload sizes vary by up to this many bytes above {@code -size}, as in {@code weed benchmark}. */
    static final int SIZE_SPREAD = 64;

    private final HayloftClient client;
    private final AssignRequest request;
    private final int size;
    private final StoredBlob[] stored;

    /** A phase of {@code operations} writes of about {@code size} bytes. */
    WritePhase(HayloftClient client, AssignRequest request, int size, int operations) {
        this.client = client;
        this.request = request;
        this.size = size;
        this.stored = new StoredBlob[operations];
    }

    /** Runs the writes on {@code concurrency} workers. */
    PhaseResult run(int concurrency) {
        return PhaseRunner.run("Write", concurrency, stored.length, this::write);
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

    private long write(int index) {
        AssignResponse assigned = client.assign(request);
        FileId fid = FileId.parse(assigned.fid());
        int length = size + ThreadLocalRandom.current().nextInt(SIZE_SPREAD);
        client.upload(assigned.url(), fid, Payload.of(fid, length), null, null);
        stored[index] = new StoredBlob(fid, length);
        return length;
    }
}
