package io.hayloft.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.hayloft.storage.VolumeTest.assertNotFound;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real {@code kill -9} of a process compacting a volume while it writes and deletes
 * ({@link VacuumCrashChild}): once parked at every compaction step, then at seeded random
 * moments. After each kill the volume is reopened here and every operation the child logged as
 * acknowledged must hold: acknowledged writes read back byte-identical, acknowledged deletes stay
 * deleted; an operation cut by the kill may have happened or not, but a needle present is whole.
 */
class VacuumKillTest {
    private static final int RANDOM_KILLS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void keepsEveryAcknowledgedNeedleWhenKilledAtEachStepAndAtRandomMoments() {
        Seeded.run(random -> {
            int round = 0;
            for (CompactionStep step : CompactionStep.values()) {
                killChild(round++, random.nextLong(), step.faultPoint(), "PARKED " + step.faultPoint());
                verifyAcknowledged();
            }
            for (int i = 0; i < RANDOM_KILLS; i++) {
                int steps = 1 + random.nextInt(12);
                killChild(round++, random.nextLong(), "-", "#" + steps);
                verifyAcknowledged();
            }
        });
    }

    /**
     * Runs a child until its stdout shows {@code killAt} (a line, or {@code #n}: the n-th STEP line),
     * then kills it with SIGKILL.
     */
    private void killChild(int round, long seed, String park, String killAt) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), VacuumCrashChild.class.getName(),
                dir.toString(), Integer.toString(round), Long.toString(seed), park)
                .redirectError(dir.resolve("child-" + round + ".err").toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            int stepsToSee = killAt.startsWith("#") ? Integer.parseInt(killAt.substring(1)) : -1;
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals(killAt) || (line.startsWith("STEP ") && --stepsToSee == 0)) {
                    break;
                }
            }
            assertThat(line).as("child %d ended before %s; see child-%d.err", round, killAt, round).isNotNull();
            child.destroyForcibly();
            child.waitFor();
        } finally {
            child.destroyForcibly();
        }
    }

    private void verifyAcknowledged() throws IOException {
        Map<Long, String> last = new HashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve(VacuumCrashChild.ACKS));
        for (String line : lines) {
            if (line.length() < 3) {
                continue; // a line cut by the kill
            }
            last.put(Long.parseLong(line.substring(2)), line.substring(0, 1));
        }
        try (Volume v = Volume.open(dir, "", VacuumCrashChild.VID, VolumeOptions.defaults())) {
            List<Long> checked = new ArrayList<>();
            last.forEach((key, op) -> {
                switch (op) {
                    case "W" -> assertThat(v.read(key, NeedleModel.COOKIE).data()).as("acknowledged write %d", key)
                            .isEqualTo(NeedleModel.contentOf(key, 0));
                    case "D" -> assertNotFound(() -> v.read(key, NeedleModel.COOKIE));
                    default -> readWholeIfPresent(v, key);
                }
                checked.add(key);
            });
            assertThat(checked).isNotEmpty();
            String base = VolumeFiles.baseName("", VacuumCrashChild.VID);
            assertThat(dir.resolve(base + VolumeFiles.COMPACT_DAT)).doesNotExist();
            assertThat(dir.resolve(base + VolumeFiles.COMPACT_MARKER)).doesNotExist();
        }
    }

    private static void readWholeIfPresent(Volume v, long key) {
        try {
            assertThat(v.read(key, NeedleModel.COOKIE).data()).isEqualTo(NeedleModel.contentOf(key, 0));
        } catch (io.hayloft.api.HayloftException e) {
            assertThat(e.code()).isEqualTo(io.hayloft.api.ErrorCode.NOT_FOUND);
        }
    }

}
