package io.hayloft.cli.benchmark;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.FileId;
import io.hayloft.api.wire.Location;
import io.hayloft.client.HayloftClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The read phase: GETs of stored blobs in random order, each at the first location the master
 * lists for its volume (looked up once per volume through {@link HayloftClient}'s cache); for an
 * erasure-coded volume, a holder of the needle's shard ({@link HayloftClient#readLocations}). Every
 * read's length is checked, and the bytes of every {@value #CHECK_EVERY}th read.
 */
final class ReadPhase {
    static final int CHECK_EVERY = 16;

    private final HayloftClient lookups;
    private final Supplier<BenchClient> clients;
    private final List<StoredBlob> order;

    /** Reads at most {@code limit} of {@code blobs}, shuffled with {@code random}. */
    ReadPhase(HayloftClient lookups, Supplier<BenchClient> clients, List<StoredBlob> blobs, int limit, Random random) {
        this.lookups = lookups;
        this.clients = clients;
        List<StoredBlob> shuffled = new ArrayList<>(blobs);
        Collections.shuffle(shuffled, random);
        this.order = List.copyOf(shuffled.subList(0, Math.min(limit, shuffled.size())));
    }

    /** Runs the reads on {@code concurrency} workers. */
    PhaseResult run(int concurrency) {
        return PhaseRunner.run("Read", concurrency, order.size(), clients, this::read);
    }

    private long read(int index, BenchClient client) {
        StoredBlob blob = order.get(index);
        BenchConnection answer = client.download(locationOf(blob.fid()), blob.fid());
        int length = answer.bodyLength();
        if (length != blob.size()) {
            throw new HayloftException(ErrorCode.CORRUPT,
                    blob.fid() + ": read " + length + " bytes, wrote " + blob.size());
        }
        if (index % CHECK_EVERY == 0 && !Payload.matches(blob, answer.body(), length)) {
            throw new HayloftException(ErrorCode.CORRUPT, blob.fid() + ": bytes differ from what was written");
        }
        return length;
    }

    private String locationOf(FileId fid) {
        Location l = lookups.readLocations(fid).getFirst();
        return l.publicUrl() == null || l.publicUrl().isEmpty() ? l.url() : l.publicUrl();
    }
}
