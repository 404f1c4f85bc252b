package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.wire.LookupResponse;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.http.PeerClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * After servers are killed, measures how long the leader takes to notice (a sample of the dead
 * servers has left the lookups of their volumes) and to re-create every lost replica that still has
 * a live source (the copies arrive at the {@link AdminEndpoint}). One watch per kill event;
 * thread-safe.
 */
public final class DeathWatch implements AdminEndpoint.CopyListener {
    private static final int SAMPLE = 5;

    private final PeerClient peers;
    private final Supplier<String> leader;
    private final long killedAt = System.nanoTime();
    private final Map<Integer, Integer> pending = new ConcurrentHashMap<>();
    private final int lost;
    private final int unrecoverable;
    private final List<Map.Entry<Integer, String>> probes = new ArrayList<>();
    private volatile double detectedSeconds = -1;
    private volatile double firstCopySeconds = -1;
    private volatile double restoredSeconds = -1;

    /**
     * Starts watching {@code dead} (just killed) among {@code all}.
     *
     * @param leader the leader's address now
     */
    DeathWatch(List<SyntheticServer> dead, List<SyntheticServer> all, PeerClient peers, Supplier<String> leader) {
        this.peers = peers;
        this.leader = leader;
        Set<String> deadUrls = new HashSet<>();
        dead.forEach(s -> deadUrls.add(s.url()));
        Map<Integer, Integer> liveCopies = new HashMap<>();
        for (SyntheticServer s : all) {
            if (s.alive() && !deadUrls.contains(s.url())) {
                for (int id : s.volumeIds()) {
                    liveCopies.merge(id, 1, Integer::sum);
                }
            }
        }
        int lostReplicas = 0;
        int noSource = 0;
        for (SyntheticServer s : dead) {
            List<Integer> ids = s.volumeIds();
            for (int id : ids) {
                lostReplicas++;
                if (liveCopies.getOrDefault(id, 0) > 0) {
                    pending.merge(id, 1, Integer::sum);
                } else {
                    noSource++;
                }
            }
            if (probes.size() < SAMPLE && !ids.isEmpty()) {
                probes.add(Map.entry(ids.getFirst(), s.url()));
            }
        }
        this.lost = lostReplicas;
        this.unrecoverable = noSource;
        Thread.ofVirtual().name("sim-death-watch").start(this::watchDetection);
    }

    private void watchDetection() {
        long deadline = killedAt + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline && detectedSeconds < 0) {
            if (allGone()) {
                detectedSeconds = seconds();
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
    }

    private boolean allGone() {
        String to = leader.get();
        if (to == null) {
            return false;
        }
        for (Map.Entry<Integer, String> probe : probes) {
            try {
                PeerClient.Response r = peers.get(MasterApi.LOOKUP.query().param("volumeId", probe.getKey()).url(to));
                if (r.ok() && r.json(LookupResponse.class).locations().stream()
                        .anyMatch(l -> l.url().equals(probe.getValue()))) {
                    return false;
                }
                if (!r.ok() && r.status() != 404) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void copied(int volumeId, String targetUrl) {
        if (firstCopySeconds < 0) {
            firstCopySeconds = seconds();
        }
        Integer left = pending.computeIfPresent(volumeId, (k, n) -> n > 1 ? n - 1 : null);
        if (left == null && pending.isEmpty() && restoredSeconds < 0 && lost > unrecoverable) {
            restoredSeconds = seconds();
        }
    }

    private double seconds() {
        return (System.nanoTime() - killedAt) / 1e9;
    }

    /** What was measured so far. */
    Outcome outcome() {
        return new Outcome(lost, unrecoverable, lost - unrecoverable - pending.values().stream()
                .mapToInt(Integer::intValue).sum(), detectedSeconds, firstCopySeconds, restoredSeconds);
    }

    /**
     * @param lostReplicas       replicas the dead servers held
     * @param unrecoverable      of them, replicas of volumes left with no live copy
     * @param restoredReplicas   replicas re-created elsewhere so far
     * @param detectedSeconds    kill to the leader dropping the dead servers; -1 not yet
     * @param firstCopySeconds   kill to the first replica copy; -1 none yet
     * @param restoredSeconds    kill to the last lost replica re-created; -1 not yet
     */
    public record Outcome(int lostReplicas, int unrecoverable, int restoredReplicas, double detectedSeconds,
                   double firstCopySeconds, double restoredSeconds) {
    }
}
