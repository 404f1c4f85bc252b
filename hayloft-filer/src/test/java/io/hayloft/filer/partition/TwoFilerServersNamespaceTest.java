package io.hayloft.filer.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Namespace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two filer servers' namespaces over the same partitions: no process lock orders their writes, so the
 * tree operations must be atomic where they are applied. One moves a directory back and forth while
 * the other writes files into it; every acknowledged file must end up exactly once in the tree,
 * reachable from the root (a rename computed from a stale read would leave entries under a directory
 * that no longer exists).
 */
class TwoFilerServersNamespaceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private PartitionCluster cluster;
    private final List<PartitionedFilerStore> stores = new ArrayList<>();

    @AfterEach
    void stop() {
        stores.forEach(PartitionedFilerStore::close);
        cluster.close();
    }

    @Test
    void aDirectoryMovedByOneServerWhileTheOtherWritesIntoItLosesNoFile() throws Exception {
        cluster = PartitionCluster.start(dir, 3, 2, PartitionCluster.TUNING);
        stores.add(cluster.store(CLOCK));
        stores.add(cluster.store(CLOCK));
        AtomicInteger wakeUps = new AtomicInteger();
        Namespace mover = new Namespace(stores.get(0), CLOCK, wakeUps::incrementAndGet);
        Namespace writer = new Namespace(stores.get(1), CLOCK, wakeUps::incrementAndGet);
        mover.mkdirs(FullPath.parse("/r/dir"));

        Map<String, String> acknowledged = new HashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> moves = pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    tryRename(mover, "/r/dir", "/r/moved");
                    tryRename(mover, "/r/moved", "/r/dir");
                }
            });
            for (int i = 0; i < 40; i++) {
                String name = "f" + i;
                writer.commitFile(Entry.newInlineFile(FullPath.parse("/r/dir/" + name), CLOCK.instant(), "", "",
                        Ttl.NONE, name.getBytes()));
                acknowledged.put(name, name);
            }
            moves.get(120, TimeUnit.SECONDS);
        }

        Map<String, Integer> found = new HashMap<>();
        Deque<FullPath> dirs = new ArrayDeque<>(List.of(FullPath.parse("/r")));
        while (!dirs.isEmpty()) {
            for (Entry e : writer.list(dirs.poll(), "", true, 10_000).entries()) {
                if (e.directory()) {
                    dirs.add(e.path());
                } else {
                    found.merge(e.name(), 1, Integer::sum);
                    assertThat(new String(e.content())).isEqualTo(e.name());
                }
            }
        }
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
        assertThat(found.values()).allMatch(n -> n == 1);
        assertThat(wakeUps.get()).isPositive();
    }

    private static void tryRename(Namespace ns, String from, String to) {
        try {
            ns.rename(FullPath.parse(from), FullPath.parse(to));
        } catch (HayloftException e) {
            // NOT_FOUND or CONFLICT when the writer re-created the directory meanwhile: nothing changed
        }
    }
}
