package io.hayloft.cli.benchmark;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.client.HayloftClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The read phase: GETs of stored blobs in random order. Every read's length is checked, and the
 * bytes of every {@value #CHECK_EVERY}th read.
 */
final class ReadPhase {
    static final int CHECK_EVERY = 16;

    private final HayloftClient client;
    private final List<StoredBlob> order;

    /** Reads at most {@code limit} of {@code blobs}, shuffled with {@code random}. */
    ReadPhase(HayloftClient client, List<StoredBlob> blobs, int limit, Random random) {
        this.client = client;
        List<StoredBlob> shuffled = new ArrayList<>(blobs);
        Collections.shuffle(shuffled, random);
        this.order = List.copyOf(shuffled.subList(0, Math.min(limit, shuffled.size())));
    }

    /** Runs the reads on {@code concurrency} workers. */
    PhaseResult run(int concurrency) {
        return PhaseRunner.run("Read", concurrency, order.size(), this::read);
    }

    private long read(int index) {
        StoredBlob blob = order.get(index);
        byte[] data = client.download(blob.fid());
        if (data.length != blob.size()) {
            throw new HayloftException(ErrorCode.CORRUPT,
                    blob.fid() + ": read " + data.length + " bytes, wrote " + blob.size());
        }
        if (index % CHECK_EVERY == 0 && !Payload.matches(blob, data)) {
            throw new HayloftException(ErrorCode.CORRUPT, blob.fid() + ": bytes differ from what was written");
        }
        return data.length;
    }
}
