package io.hayloft.s3.object;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.FilerEntry;
import io.hayloft.s3.filer.FilerException;
import io.hayloft.s3.filer.FilerPage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * ListObjects (V1 and V2) over a bucket's directory tree: walks it in S3 key order (a directory
 * {@code d} sorts as {@code d/}, after a sibling file {@code d.txt}), starting at the first key that
 * can follow the start (the prefix, a marker, a continuation token or start-after) rather than at the
 * beginning, and with delimiter {@code /} rolls a whole directory up into one common prefix without
 * reading it. An empty directory (a "folder" key) lists as the key {@code d/}.
 *
 * <p>Thread-safe; blocks on the filer.
 */
public final class ObjectLister {
    /** Children read per filer call. */
    private static final int PAGE = 1000;

    private final FilerAccess filer;
    private final Buckets buckets;

    public ObjectLister(FilerAccess filer, Buckets buckets) {
        this.filer = filer;
        this.buckets = buckets;
    }

    /**
     * A page of the keys of {@code bucket} that start with {@code prefix} and sort after {@code after}.
     *
     * @param delimiter rolls keys up into common prefixes; empty for none
     * @param after     list keys (and common prefixes) greater than this; empty for the start
     * @param maxKeys   at most this many objects and common prefixes together (0..1000)
     * @throws io.hayloft.s3.error.S3Exception NoSuchBucket
     */
    public Listing list(String bucket, String prefix, String delimiter, String after, int maxKeys) {
        buckets.require(bucket);
        if (maxKeys == 0) {
            return new Listing(List.of(), List.of(), false, ""); // S3: an empty page that is not truncated
        }
        Walk walk = new Walk(bucket, prefix, delimiter, after, maxKeys);
        try {
            walk.directory("", true);
        } catch (FilerException e) {
            if (e.status() != 404) {
                throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
            }
        }
        return walk.result();
    }

    /** One listing's state: what it found so far and when it is done. */
    private final class Walk {
        private final String root;
        private final String prefix;
        private final String delimiter;
        private final String after;
        private final int maxKeys;
        private final List<ObjectInfo> objects = new ArrayList<>();
        private final List<String> prefixes = new ArrayList<>();
        private String last = "";
        private boolean truncated;
        private boolean done;

        Walk(String bucket, String prefix, String delimiter, String after, int maxKeys) {
            this.root = Buckets.directory(bucket);
            this.prefix = prefix;
            this.delimiter = delimiter;
            this.after = after;
            this.maxKeys = maxKeys;
        }

        Listing result() {
            return new Listing(objects, prefixes, truncated, truncated ? last : "");
        }

        /** The lowest key the listing may return: the prefix, or what follows {@code after}. */
        private String lowerBound() {
            return after.compareTo(prefix) > 0 ? after : prefix;
        }

        /**
         * Walks the directory whose keys start with {@code dirKey} ("" for the bucket, else ending in '/').
         *
         * @return true when it had at least one child
         */
        boolean directory(String dirKey, boolean isRoot) {
            String bound = lowerBound();
            String start = "";
            if (bound.startsWith(dirKey) && bound.length() > dirKey.length()) {
                String rest = bound.substring(dirKey.length());
                int slash = rest.indexOf('/');
                start = cutBeforeLowChar(slash < 0 ? rest : rest.substring(0, slash));
            }
            String path = root + (dirKey.isEmpty() ? "" : "/" + dirKey.substring(0, dirKey.length() - 1));
            // child directories wait here until their keys (name + "/") come up in key order
            PriorityQueue<String> pendingDirs = new PriorityQueue<>(Comparator.comparing((String d) -> d + "/"));
            boolean any = false;
            boolean inclusive = true;
            while (!done) {
                FilerPage page = filer.list(path, start, inclusive, pageSize());
                for (FilerEntry e : page.entries()) {
                    any = true;
                    String name = e.name();
                    while (!pendingDirs.isEmpty() && (pendingDirs.peek() + "/").compareTo(name) < 0 && !done) {
                        subdirectory(dirKey + pendingDirs.poll() + "/");
                    }
                    if (done) {
                        return true;
                    }
                    if (e.directory()) {
                        pendingDirs.add(name);
                    } else {
                        key(dirKey + name, e);
                    }
                    if (done) {
                        return true;
                    }
                }
                if (!page.hasMore() || page.entries().isEmpty()) {
                    break;
                }
                start = page.entries().getLast().name();
                inclusive = false;
            }
            while (!pendingDirs.isEmpty() && !done) {
                subdirectory(dirKey + pendingDirs.poll() + "/");
            }
            return any;
        }

        private void subdirectory(String dirKey) {
            if (!dirKey.startsWith(prefix) && !prefix.startsWith(dirKey)) {
                if (dirKey.compareTo(prefix) > 0) {
                    done = true; // every later key is past the prefix
                }
                return;
            }
            if (delimiter.equals("/") && dirKey.startsWith(prefix) && dirKey.length() > prefix.length()) {
                String common = dirKey.substring(0, prefix.length() + dirKey.substring(prefix.length()).indexOf('/') + 1);
                emitPrefix(common);
                return;
            }
            if (after.startsWith(dirKey) || dirKey.compareTo(after) > 0 || after.isEmpty()) {
                boolean hadChildren = directory(dirKey, false);
                if (!hadChildren && !done) {
                    folder(dirKey);
                }
            }
        }

        private void folder(String dirKey) {
            key(dirKey, null);
        }

        private void key(String key, FilerEntry e) {
            if (key.compareTo(lowerBound()) < 0 || (!after.isEmpty() && key.compareTo(after) <= 0)) {
                return;
            }
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) > 0) {
                    done = true;
                }
                return;
            }
            if (!delimiter.isEmpty()) {
                int d = key.indexOf(delimiter, prefix.length());
                if (d >= 0) {
                    emitPrefix(key.substring(0, d + delimiter.length()));
                    return;
                }
            }
            if (full()) {
                return;
            }
            String empty = Objects.quote("d41d8cd98f00b204e9800998ecf8427e");
            objects.add(e == null ? new ObjectInfo(key, 0, empty, java.time.Instant.EPOCH, Objects.DEFAULT_CONTENT_TYPE,
                    java.util.Map.of(), empty, io.hayloft.s3.xml.TagSet.EMPTY, java.util.List.of(), VersionIds.NULL,
                    root + "/" + key.substring(0, key.length() - 1), "")
                    : Objects.info(key, e));
            last = key;
        }

        private void emitPrefix(String common) {
            if (common.compareTo(after) <= 0 && !after.isEmpty() || (!prefixes.isEmpty() && prefixes.getLast().equals(common))) {
                return;
            }
            if (full()) {
                return;
            }
            prefixes.add(common);
            last = common;
        }

        /**
         * How many children to read next: what the page still lacks plus the one that tells it is truncated
         * (a delimiter or keys outside the prefix may use more; the loop reads on), at most {@link #PAGE}.
         */
        private int pageSize() {
            return Math.max(1, Math.min(PAGE, maxKeys - objects.size() - prefixes.size() + 1));
        }

        /** True (and done, truncated) when the page already holds max-keys items: one more exists. */
        private boolean full() {
            if (objects.size() + prefixes.size() >= maxKeys) {
                truncated = true;
                done = true;
                return true;
            }
            return false;
        }
    }

    /**
     * {@code segment} cut before its first character that sorts below '/': listing a directory from there
     * cannot skip a child directory whose keys ({@code child/...}) sort after the bound.
     */
    static String cutBeforeLowChar(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '/') {
                return segment.substring(0, i);
            }
        }
        return segment;
    }
}
