package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;

import io.hayloft.testkit.Await;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class VolumeConcurrencyTest {
    private static final int MIN_READS = 500;
    private static final int COOKIE = 77;

    @TempDir
    Path dir;

    /** Content derived from the key, so a reader can check any needle without shared state. */
    private static byte[] contentOf(long key) {
        Random r = new Random(key);
        byte[] data = new byte[64 + (int) (key % 900)];
        r.nextBytes(data);
        return data;
    }

    @Test
    void concurrentReadersOnlyEverSeeCompleteNeedles() throws Exception {
        Seeded.run(random -> {
            try (Volume v = Volume.create(dir, "", VolumeId.of(1), ReplicaPlacement.NONE, Ttl.NONE,
                    VolumeOptions.defaults());
                 ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                int writers = 4;
                int perWriter = 400;
                Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicLong reads = new AtomicLong();
                List<Future<?>> tasks = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    long base = (w + 1) * 1_000_000L;
                    tasks.add(pool.submit(() -> {
                        for (int i = 0; i < perWriter; i++) {
                            long key = base + i;
                            v.write(Needle.of(key, COOKIE, contentOf(key)));
                            acknowledged.add(key);
                        }
                        return null;
                    }));
                }
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    long readerSeed = random.nextLong();
                    readers.add(pool.submit(() -> {
                        Random rr = new Random(readerSeed);
                        // read while writes go on, and at least MIN_READS in all, so the check never
                        // depends on how the scheduler interleaves readers and writers
                        while (writing.get() || reads.get() < MIN_READS) {
                            // virtual threads are not preempted: a reader that never blocks must let writers run
                            Thread.yield();
                            long key = (1 + rr.nextInt(writers)) * 1_000_000L + rr.nextInt(perWriter);
                            boolean wasAcknowledged = acknowledged.contains(key);
                            try {
                                assertThat(v.read(key, COOKIE).data()).isEqualTo(contentOf(key));
                                reads.incrementAndGet();
                            } catch (HayloftException e) {
                                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                                assertThat(wasAcknowledged).as("acknowledged key %d not found", key).isFalse();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> t : tasks) {
                    t.get(30, TimeUnit.SECONDS);
                }
                writing.set(false);
                for (Future<?> t : readers) {
                    t.get(30, TimeUnit.SECONDS);
                }
                assertThat(acknowledged).hasSize(writers * perWriter);
                assertThat(reads.get()).isPositive();
                for (long key : acknowledged) {
                    assertThat(v.read(key, COOKIE).data()).isEqualTo(contentOf(key));
                }
                assertThat(v.stats().fileCount()).isEqualTo(writers * perWriter);
            }
        });
    }

    /**
     * 64 writers, 8 fsynced writes each. Whether writers overlap on their own depends on the scheduler
     * (under load each may append and force alone), so every force is held at
     * {@link GroupCommit#BEFORE_FORCE} until each writer has appended its next write: then the writes
     * really are concurrent, and group commit must cover each round of 64 with one force. Without group
     * commit (one force per write) the held forces are released the same way and the count is 512.
     */
    @Test
    void groupCommitLetsManyWritersShareForces() throws Exception {
        int writers = 64;
        int perWriter = 8;
        int writes = writers * perWriter;
        VolumeOptions options = VolumeOptions.defaults().withFsync(true);
        try (Volume v = Volume.create(dir, "", VolumeId.of(2), ReplicaPlacement.NONE, Ttl.NONE, options);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicLong released = new AtomicLong();
            FaultPoints.arm(GroupCommit.BEFORE_FORCE, point -> {
                long round = Math.min(writes, released.get() + writers);
                Await.until(round + " writes appended before the force", Duration.ofSeconds(60),
                        () -> v.stats().fileCount() >= round);
                released.accumulateAndGet(round, Math::max);
            });
            try {
                List<Future<?>> tasks = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    long base = w * 1000L + 1;
                    tasks.add(pool.submit(() -> {
                        for (int i = 0; i < perWriter; i++) {
                            v.write(Needle.of(base + i, COOKIE, contentOf(base + i)));
                        }
                        return null;
                    }));
                }
                for (Future<?> t : tasks) {
                    t.get(120, TimeUnit.SECONDS);
                }
            } finally {
                FaultPoints.disarm(GroupCommit.BEFORE_FORCE);
            }
            // each round of 64 appended writes is covered by the one force its leader was held for
            assertThat(v.syncCount()).isEqualTo(perWriter);
            assertThat(v.stats().fileCount()).isEqualTo(writes);
        }
        try (Volume v = Volume.open(dir, "", VolumeId.of(2), options)) {
            assertThat(v.stats().fileCount()).isEqualTo((long) writers * perWriter);
            assertThat(v.read(63_001 + 7, COOKIE).data()).isEqualTo(contentOf(63_008));
        }
    }
}
