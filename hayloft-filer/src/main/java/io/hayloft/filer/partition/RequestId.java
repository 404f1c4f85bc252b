package io.hayloft.filer.partition;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names one write a filer server sent to a partition, across retries: the sending client's random id
 * and its call number. A leader that is asked again for a write it already applied (the first answer was
 * lost with a leader change) answers from {@link RecentRequests} instead of applying it twice.
 *
 * @param clientHigh the client id's high 64 bits
 * @param clientLow  the client id's low 64 bits
 * @param call       the client's call number (increasing)
 */
record RequestId(long clientHigh, long clientLow, long call) {
    /** Hands out the ids of one client: a random client id, calls numbered from 1. Thread-safe. */
    static final class Source {
        private final UUID client = UUID.randomUUID();
        private final AtomicLong calls = new AtomicLong();

        RequestId next() {
            return new RequestId(client.getMostSignificantBits(), client.getLeastSignificantBits(),
                    calls.incrementAndGet());
        }
    }

    void write(Wire.Out out) {
        out.i64(clientHigh).i64(clientLow).i64(call);
    }

    static RequestId read(Wire.In in) {
        return new RequestId(in.i64(), in.i64(), in.i64());
    }
}
