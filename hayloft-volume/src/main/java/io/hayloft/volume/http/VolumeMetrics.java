package io.hayloft.volume.http;

import io.hayloft.volume.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The volume server's own meters, exported on {@code /metrics}:
 * {@code hayloft_volume_reads_total}, {@code _writes_total}, {@code _deletes_total},
 * {@code _read_bytes_total}, {@code _written_bytes_total}, {@code _crc_errors_total}, {@code _fast_reads_total},
 * {@code _volumes} (gauge) and the {@code hayloft_volume_write_latency} timer. Thread-safe.
 */
public final class VolumeMetrics {
    private final Counter reads;
    private final Counter writes;
    private final Counter deletes;
    private final Counter readBytes;
    private final Counter writtenBytes;
    private final Counter crcErrors;
    private final Counter fastReads;
    private final Timer writeLatency;

    public VolumeMetrics(MeterRegistry registry, Store store) {
        reads = Counter.builder("hayloft_volume_reads").description("needles read").register(registry);
        writes = Counter.builder("hayloft_volume_writes").description("needles written").register(registry);
        deletes = Counter.builder("hayloft_volume_deletes").description("needles deleted").register(registry);
        readBytes = Counter.builder("hayloft_volume_read_bytes").description("data bytes served")
                .register(registry);
        writtenBytes = Counter.builder("hayloft_volume_written_bytes").description("data bytes written")
                .register(registry);
        crcErrors = Counter.builder("hayloft_volume_crc_errors").description("needles that failed their CRC")
                .register(registry);
        fastReads = Counter.builder("hayloft_volume_fast_reads")
                .description("reads answered on the event loop, before the router (FastReadPath)").register(registry);
        writeLatency = Timer.builder("hayloft_volume_write_latency")
                .description("upload latency including replication").register(registry);
        Gauge.builder("hayloft_volume_volumes", store, s -> s.volumes().size()).description("volumes held")
                .register(registry);
    }

    void read(long bytes) {
        reads.increment();
        readBytes.increment(bytes);
    }

    void written(long bytes, long nanos) {
        writes.increment();
        writtenBytes.increment(bytes);
        writeLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void fastRead() {
        fastReads.increment();
    }

    void deleted() {
        deletes.increment();
    }

    void crcError() {
        crcErrors.increment();
    }
}
