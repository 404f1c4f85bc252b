package io.hayloft.storage;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link VacuumKillTest} kills with {@code kill -9}. It opens (or creates) volume 1 in
 * {@code dir}, writes needles {@code round * 1e6 ..}, deletes 70% of them, then compacts in a loop
 * while a second thread keeps writing and deleting. Every operation is logged to
 * {@code dir/acks.log} before it starts ({@code w|d key}) and after it is acknowledged
 * ({@code W|D key}), each line one unbuffered write, so the log survives the kill. Each compaction
 * step is announced on stdout ({@code STEP <point>}); with a park point, the compaction blocks there
 * after announcing {@code PARKED <point>}, waiting for the kill.
 *
 * <pre>
 * java -cp ... io.hayloft.storage.VacuumCrashChild DIR ROUND SEED PARK_POINT|-
 * </pre>
 */
public final class VacuumCrashChild {
    static final String ACKS = "acks.log";
    static final VolumeId VID = VolumeId.of(1);

    private VacuumCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long base = Long.parseLong(args[1]) * 1_000_000L;
        Random random = new Random(Long.parseLong(args[2]));
        String park = args[3];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        VolumeOptions options = VolumeOptions.defaults();
        Volume v = Files.exists(dir.resolve("1.dat")) ? Volume.open(dir, "", VID, options)
                : Volume.create(dir, "", VID, ReplicaPlacement.NONE, Ttl.NONE, options);
        try (FileOutputStream log = new FileOutputStream(dir.resolve(ACKS).toFile(), true)) {
            List<Long> live = new ArrayList<>();
            for (long key = base; key < base + 300; key++) {
                write(v, log, key);
                live.add(key);
            }
            for (long key = base; key < base + 300; key++) {
                if (random.nextDouble() < 0.7) {
                    delete(v, log, key);
                    live.remove(key);
                }
            }
            for (CompactionStep step : CompactionStep.values()) {
                FaultPoints.arm(step.faultPoint(), point -> {
                    if (step != CompactionStep.MID_COPY) {
                        out.println("STEP " + point);
                    }
                    if (point.equals(park)) {
                        out.println("PARKED " + point);
                        awaitKill();
                    }
                });
            }
            long writerSeed = random.nextLong();
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                Random r = new Random(writerSeed);
                for (long key = base + 500_000; ; key++) {
                    if (live.isEmpty() || r.nextInt(3) > 0) {
                        write(v, log, key);
                        live.add(key);
                    } else {
                        delete(v, log, live.remove(r.nextInt(live.size())));
                    }
                }
            });
            out.println("READY");
            while (writer.isAlive()) {
                out.println("COMPACTED " + v.compact().revision());
            }
        }
    }

    private static void write(Volume v, FileOutputStream log, long key) {
        logLine(log, "w " + key);
        v.write(NeedleModel.needle(key, 0));
        logLine(log, "W " + key);
    }

    private static void delete(Volume v, FileOutputStream log, long key) {
        logLine(log, "d " + key);
        v.delete(key, NeedleModel.COOKIE);
        logLine(log, "D " + key);
    }

    private static void logLine(FileOutputStream log, String line) {
        try {
            log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitKill() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
