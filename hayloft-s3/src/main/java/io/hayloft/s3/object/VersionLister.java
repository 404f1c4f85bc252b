package io.hayloft.s3.object;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.FilerEntry;
import io.hayloft.s3.filer.FilerException;
import io.hayloft.s3.filer.FilerPage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * ListObjectVersions: every version and delete marker of a bucket's keys, keys in S3 order, each key's
 * versions newest first (the current object, then the noncurrent ones of {@link VersionStore}). It
 * merges two walks in rounds: the current objects ({@link ObjectLister}, a page at a time) and the keys
 * of the version tree (directories holding version files, walked in the same key order), each started
 * after the previous round's horizon, the lower of the two last keys of a walk that stopped early.
 * Paged by {@code key-marker} and {@code version-id-marker}; a delimiter rolls keys up into common
 * prefixes.
 *
 * <p>Thread-safe; blocks on the filer.
 */
public final class VersionLister {
    private static final int PAGE = 1000;

    private final FilerAccess filer;
    private final Buckets buckets;
    private final ObjectLister lister;
    private final VersionStore versions;

    public VersionLister(FilerAccess filer, Buckets buckets, ObjectLister lister) {
        this.filer = filer;
        this.buckets = buckets;
        this.lister = lister;
        this.versions = new VersionStore(filer);
    }

    /** One version or delete marker of a listing. */
    public record Item(ObjectInfo info, boolean deleteMarker, boolean latest) {
    }

    /**
     * A page of ListObjectVersions.
     *
     * @param nextKeyMarker       the key (or common prefix) the page ended at, when truncated
     * @param nextVersionIdMarker the version the page ended at (empty after a common prefix), when truncated
     */
    public record Page(List<Item> items, List<String> commonPrefixes, boolean truncated, String nextKeyMarker,
                       String nextVersionIdMarker) {
        public Page {
            items = List.copyOf(items);
            commonPrefixes = List.copyOf(commonPrefixes);
        }
    }

    /**
     * The versions of {@code bucket}'s keys that start with {@code prefix}, from after
     * ({@code keyMarker}, {@code versionIdMarker}).
     *
     * @param versionIdMarker empty: start with the key after {@code keyMarker}; else with the version after
     *                        this one of key {@code keyMarker}
     * @param maxKeys         at most this many versions, delete markers and common prefixes (0..1000)
     * @throws io.hayloft.s3.error.S3Exception NoSuchBucket
     */
    public Page list(String bucket, String prefix, String delimiter, String keyMarker, String versionIdMarker,
                     int maxKeys) {
        buckets.require(bucket);
        Collector page = new Collector(prefix, delimiter, keyMarker, maxKeys);
        if (maxKeys == 0) {
            return page.result();
        }
        try {
            if (!versionIdMarker.isEmpty() && !keyMarker.isEmpty() && keyMarker.startsWith(prefix)) {
                Optional<ObjectInfo> current = filer.find(Objects.path(bucket, keyMarker)).filter(e -> !e.directory())
                        .map(e -> Objects.info(keyMarker, e));
                page.key(keyMarker, current.orElse(null), versions.records(bucket, keyMarker), versionIdMarker);
            }
            String after = keyMarker;
            while (!page.done) {
                Listing currentPage = lister.list(bucket, prefix, "", after, PAGE);
                KeyWalk walk = new KeyWalk(bucket, prefix, after, PAGE);
                walk.directory("", VersionStore.ROOT + "/" + bucket);
                TreeMap<String, ObjectInfo> current = new TreeMap<>();
                currentPage.objects().forEach(o -> current.put(o.key(), o));
                String horizon = null;
                if (currentPage.truncated() && !currentPage.objects().isEmpty()) {
                    horizon = currentPage.objects().getLast().key();
                }
                if (walk.truncated && !walk.keys.isEmpty()) {
                    String last = walk.keys.lastKey();
                    horizon = horizon == null || last.compareTo(horizon) < 0 ? last : horizon;
                }
                TreeMap<String, Boolean> keys = new TreeMap<>();
                current.keySet().forEach(k -> keys.put(k, true));
                walk.keys.keySet().forEach(k -> keys.put(k, true));
                for (String k : keys.keySet()) {
                    if (page.done || horizon != null && k.compareTo(horizon) > 0) {
                        break;
                    }
                    page.key(k, current.get(k), walk.keys.getOrDefault(k, List.of()), "");
                }
                if (horizon == null) {
                    break;
                }
                after = horizon;
            }
        } catch (FilerException e) {
            if (e.status() != 404) {
                throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
            }
        }
        return page.result();
    }

    /** What a listing found so far, and whether its page is full. */
    private static final class Collector {
        private final String prefix;
        private final String delimiter;
        private final String keyMarker;
        private final int maxKeys;
        private final List<Item> items = new ArrayList<>();
        private final List<String> prefixes = new ArrayList<>();
        private String nextKey = "";
        private String nextVersion = "";
        private boolean truncated;
        private boolean done;

        Collector(String prefix, String delimiter, String keyMarker, int maxKeys) {
            this.prefix = prefix;
            this.delimiter = delimiter;
            this.keyMarker = keyMarker;
            this.maxKeys = maxKeys;
        }

        /** Adds key {@code k}'s versions (after {@code skipThrough}, when not empty). */
        void key(String k, ObjectInfo current, List<VersionStore.Record> records, String skipThrough) {
            if (!delimiter.isEmpty()) {
                int d = k.indexOf(delimiter, prefix.length());
                if (d >= 0) {
                    String common = k.substring(0, d + delimiter.length());
                    if (common.compareTo(keyMarker) <= 0 && !keyMarker.isEmpty()
                            || !prefixes.isEmpty() && prefixes.getLast().equals(common)) {
                        return;
                    }
                    if (full()) {
                        return;
                    }
                    prefixes.add(common);
                    nextKey = common;
                    nextVersion = "";
                    return;
                }
            }
            List<Item> all = new ArrayList<>();
            if (current != null) {
                all.add(new Item(current, false, true));
            }
            for (VersionStore.Record r : records) {
                all.add(new Item(Objects.info(k, r.entry()), r.deleteMarker(), all.isEmpty()));
            }
            boolean skipping = !skipThrough.isEmpty();
            for (Item item : all) {
                if (skipping) {
                    skipping = !item.info().versionId().equals(skipThrough);
                    continue;
                }
                if (full()) {
                    return;
                }
                items.add(item);
                nextKey = k;
                nextVersion = item.info().versionId();
            }
        }

        private boolean full() {
            if (items.size() + prefixes.size() >= maxKeys) {
                truncated = true;
                done = true;
                return true;
            }
            return false;
        }

        Page result() {
            return new Page(items, prefixes, truncated, truncated ? nextKey : "", truncated ? nextVersion : "");
        }
    }

    /**
     * The keys of the version tree (directories holding version files) greater than {@code after} that start
     * with {@code prefix}, in S3 key order, with their versions; at most {@code limit} of them.
     */
    private final class KeyWalk {
        private final String bucket;
        private final String prefix;
        private final String after;
        private final int limit;
        private final TreeMap<String, List<VersionStore.Record>> keys = new TreeMap<>();
        private boolean truncated;
        private boolean done;

        KeyWalk(String bucket, String prefix, String after, int limit) {
            this.bucket = bucket;
            this.prefix = prefix;
            this.after = after;
            this.limit = limit;
        }

        /** Walks the children of {@code path}, whose keys start with {@code dirKey} ("" or ending in '/'). */
        void directory(String dirKey, String path) {
            String bound = after.compareTo(prefix) > 0 ? after : prefix;
            String start = "";
            if (bound.startsWith(dirKey) && bound.length() > dirKey.length()) {
                String rest = bound.substring(dirKey.length());
                int slash = rest.indexOf('/');
                start = ObjectLister.cutBeforeLowChar(slash < 0 ? rest : rest.substring(0, slash));
            }
            // a child directory is a key at its name and the keys under it at name + "/": the latter wait here
            PriorityQueue<String> pending = new PriorityQueue<>(Comparator.comparing((String d) -> d + "/"));
            boolean inclusive = true;
            while (!done) {
                FilerPage page;
                try {
                    page = filer.list(path, start, inclusive, PAGE);
                } catch (FilerException e) {
                    if (e.status() == 404) {
                        return;
                    }
                    throw e;
                }
                for (FilerEntry e : page.entries()) {
                    while (!pending.isEmpty() && (pending.peek() + "/").compareTo(e.name()) < 0 && !done) {
                        subtree(dirKey, path, pending.poll());
                    }
                    if (done) {
                        return;
                    }
                    if (e.directory()) {
                        pending.add(e.name());
                        candidate(dirKey + e.name());
                    }
                    if (done) {
                        return;
                    }
                }
                if (!page.hasMore() || page.entries().isEmpty()) {
                    break;
                }
                start = page.entries().getLast().name();
                inclusive = false;
            }
            while (!pending.isEmpty() && !done) {
                subtree(dirKey, path, pending.poll());
            }
        }

        private void candidate(String key) {
            if (key.compareTo(after) <= 0 && !after.isEmpty()) {
                return;
            }
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) > 0 && !prefix.startsWith(key + "/")) {
                    done = true;
                }
                return;
            }
            List<VersionStore.Record> records = versions.records(bucket, key);
            if (records.isEmpty()) {
                return;
            }
            keys.put(key, records);
            if (keys.size() >= limit) {
                truncated = true;
                done = true;
            }
        }

        private void subtree(String dirKey, String path, String name) {
            String sub = dirKey + name + "/";
            if (!sub.startsWith(prefix) && !prefix.startsWith(sub)) {
                if (sub.compareTo(prefix) > 0) {
                    done = true;
                }
                return;
            }
            if (!after.isEmpty() && !after.startsWith(sub) && sub.compareTo(after) < 0) {
                return; // every key under it sorts before the start
            }
            directory(sub, path + "/" + name);
        }
    }
}
