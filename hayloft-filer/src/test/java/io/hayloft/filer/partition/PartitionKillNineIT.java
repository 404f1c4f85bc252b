package io.hayloft.filer.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three filer servers' partition replicas as real processes; clients create, rename (directory trees)
 * and delete while one server after another is killed with SIGKILL and restarted. Afterwards every
 * acknowledged change is there, no rename is half visible (a moved directory's files are all at the new
 * place, none at the old), and no deleted entry came back. An operation that failed (no leader within the
 * wait) has an unknown outcome, and its paths are not checked.
 */
class PartitionKillNineIT {
    private static final int PARTITIONS = 4;
    /** The first of three Raft ports: {@code -Dhayloft.it.partitionPort=N} moves them into a worktree's own range. */
    private static final int BASE_PORT = Integer.getInteger("hayloft.it.partitionPort", 25_100);

    @TempDir
    Path dir;
    private final Map<String, Process> processes = new HashMap<>();
    private List<String> nodeArgs;
    private int starts;

    @AfterEach
    void stopProcesses() {
        processes.values().forEach(Process::destroyForcibly);
    }

    private void start(String node) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx256m",
                "-Dlogback.configurationFile=logback-partition-process.xml",
                "-cp", System.getProperty("java.class.path"), PartitionServerProcess.class.getName(),
                node, dir.resolve(node).toString(), Integer.toString(PARTITIONS)));
        cmd.addAll(nodeArgs);
        Path log = Path.of("target", "partition-kill-nine", node + "-" + (starts++) + ".log");
        java.nio.file.Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        processes.put(node, p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); ; line = out.readLine()) {
            if (line == null) {
                throw new IllegalStateException(node + " exited before it was ready");
            }
            if (line.equals("READY")) {
                return;
            }
        }
    }

    private static Entry file(String path, String content) {
        return Entry.newInlineFile(FullPath.parse(path), Clock.systemUTC().instant(), "", "", Ttl.NONE,
                content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyAcknowledgedChangeSurvivesRepeatedKillNineOfTheServers() throws Exception {
        List<String> nodes = List.of("filer1", "filer2", "filer3");
        nodeArgs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            nodeArgs.add(nodes.get(i) + "=127.0.0.1:" + (BASE_PORT + i));
        }
        for (String n : nodes) {
            start(n);
        }
        PartitionMap map = PartitionServerProcess.map(PARTITIONS, nodeArgs);
        int workers = 8;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong acknowledged = new AtomicLong();
        try (PartitionedFilerStore store = new PartitionedFilerStore(map, PartitionServerProcess.TUNING,
                Clock.systemUTC(), Duration.ofSeconds(20));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Model>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                running.add(pool.submit(() -> work(store, worker, stop, acknowledged)));
            }
            for (int round = 0; round < 3; round++) {
                // the clients get writes through between kills: each kill lands on a cluster under load
                long before = acknowledged.get();
                Await.until("40 more acknowledged writes before the next kill", Duration.ofMinutes(2),
                        () -> acknowledged.get() >= before + 40);
                String victim = nodes.get(round % nodes.size());
                processes.get(victim).destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
                start(victim);
            }
            stop.set(true);
            List<Model> models = new ArrayList<>();
            for (Future<Model> f : running) {
                models.add(f.get(300, TimeUnit.SECONDS));
            }
            int checked = 0;
            for (Model m : models) {
                for (Map.Entry<String, String> e : m.present.entrySet()) {
                    assertThat(store.find(FullPath.parse(e.getKey()))).as("acknowledged %s", e.getKey()).isPresent()
                            .get().extracting(x -> new String(x.content(), StandardCharsets.UTF_8)).isEqualTo(e.getValue());
                    checked++;
                }
                for (String gone : m.absent) {
                    assertThat(store.find(FullPath.parse(gone))).as("moved or deleted %s", gone).isEmpty();
                    checked++;
                }
            }
            System.out.printf("kill -9 x3: %d acknowledged changes checked, %d operations with an unknown outcome%n",
                    checked, models.stream().mapToInt(m -> m.unknown).sum());
            assertThat(models.stream().mapToInt(m -> m.present.size()).sum()).as("writes got through").isGreaterThan(20);
        }
    }

    /** What one client knows it changed: paths that must be there (with content), paths that must not. */
    private static final class Model {
        final Map<String, String> present = new HashMap<>();
        final Set<String> absent = new HashSet<>();
        int unknown;

        void forget(String... paths) {
            for (String p : paths) {
                present.remove(p);
                absent.remove(p);
            }
            unknown++;
        }
    }

    /**
     * Client {@code w}: in bucket {@code /b<w % 4>}, creates {@code w<w>/d<i>/f1} and {@code f2}, moves every
     * third directory to {@code m<i>} and deletes every fifth one, until told to stop.
     */
    private static Model work(PartitionedFilerStore store, int w, AtomicBoolean stop, AtomicLong acknowledged) {
        Model m = new Model();
        String base = "/b" + (w % 4) + "/w" + w;
        for (int i = 0; !stop.get(); i++) {
            String d = base + "/d" + i;
            for (String f : List.of("f1", "f2")) {
                try {
                    store.commitFile(file(d + "/" + f, w + ":" + i + ":" + f), List.of());
                    m.present.put(d + "/" + f, w + ":" + i + ":" + f);
                    m.absent.remove(d + "/" + f);
                    acknowledged.incrementAndGet();
                } catch (HayloftException e) {
                    m.forget(d + "/" + f);
                }
            }
            if (i % 3 == 0) {
                String to = base + "/m" + i;
                try {
                    store.rename(FullPath.parse(d), FullPath.parse(to));
                    for (String f : List.of("f1", "f2")) {
                        String v = m.present.remove(d + "/" + f);
                        m.absent.add(d + "/" + f);
                        if (v != null) {
                            m.present.put(to + "/" + f, v);
                        }
                    }
                } catch (HayloftException e) {
                    m.forget(d + "/f1", d + "/f2", to + "/f1", to + "/f2");
                }
            } else if (i % 5 == 0) {
                try {
                    store.delete(FullPath.parse(d), true);
                    m.present.remove(d + "/f1");
                    m.present.remove(d + "/f2");
                    m.absent.add(d + "/f1");
                    m.absent.add(d + "/f2");
                } catch (HayloftException e) {
                    m.forget(d + "/f1", d + "/f2");
                }
            }
        }
        return m;
    }
}
