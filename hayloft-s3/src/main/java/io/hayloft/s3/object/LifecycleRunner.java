package io.hayloft.s3.object;

import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.xml.LifecycleConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the buckets' lifecycle rules ({@link BucketSettings#LIFECYCLE}): one {@link #runOnce()}
 * walks every bucket that has rules and
 * <ul>
 *   <li>expires current objects older than {@code Days} (or all, from {@code Date} on): deleted, or in a
 *       versioned bucket hidden by a delete marker, as a DeleteObject does;</li>
 *   <li>removes noncurrent versions {@code NoncurrentDays} after a newer one replaced them;</li>
 *   <li>removes a delete marker left with no version behind it ({@code ExpiredObjectDeleteMarker});</li>
 *   <li>aborts multipart uploads initiated {@code DaysAfterInitiation} ago.</li>
 * </ul>
 * A "day" is {@code day} long (a real day in production; seconds in tests and conformance runs, as ceph's
 * {@code rgw_lc_debug_interval}); an age is counted from the object's last modification, not rounded to
 * midnight. The time comes from the injected clock. A failure in one bucket is logged and the walk goes on
 * with the next.
 *
 * <p>{@link #runOnce()} is called by one thread at a time (the gateway's lifecycle loop, or a test).
 */
public final class LifecycleRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleRunner.class);
    private static final int PAGE = 1000;

    private final Buckets buckets;
    private final Objects objects;
    private final ObjectLister lister;
    private final VersionLister versionLister;
    private final MultipartUploads uploads;
    private final Clock clock;
    private final Duration day;

    /** What one run did. */
    public record Report(int expired, int noncurrentRemoved, int markersRemoved, int uploadsAborted) {
    }

    public LifecycleRunner(Buckets buckets, Objects objects, ObjectLister lister, VersionLister versionLister,
                           MultipartUploads uploads, Clock clock, Duration day) {
        this.buckets = buckets;
        this.objects = objects;
        this.lister = lister;
        this.versionLister = versionLister;
        this.uploads = uploads;
        this.clock = clock;
        this.day = day;
    }

    /** Applies every bucket's rules once. Never throws for a bucket's failure (logged). */
    public Report runOnce() {
        int[] counts = new int[4];
        for (Buckets.Bucket b : buckets.list()) {
            try {
                Optional<LifecycleConfiguration> config = buckets.settings().get(b.name(), BucketSettings.LIFECYCLE)
                        .map(xml -> LifecycleConfiguration.parse(xml.getBytes(StandardCharsets.UTF_8)));
                if (config.isPresent()) {
                    List<LifecycleConfiguration.Rule> rules = config.get().rules().stream()
                            .filter(LifecycleConfiguration.Rule::enabled).toList();
                    run(b.name(), rules, counts);
                }
            } catch (RuntimeException e) {
                LOG.warn("lifecycle of bucket {} failed this round: {}", b.name(), e.toString());
            }
        }
        return new Report(counts[0], counts[1], counts[2], counts[3]);
    }

    private void run(String bucket, List<LifecycleConfiguration.Rule> rules, int[] counts) {
        Instant now = clock.instant();
        if (rules.stream().anyMatch(r -> r.expirationDays() > 0 || r.expirationDate() != null)) {
            String after = "";
            while (true) {
                Listing page = lister.list(bucket, "", "", after, PAGE);
                for (ObjectInfo o : page.objects()) {
                    if (!ObjectKey.isFolder(o.key()) && rules.stream().anyMatch(r -> expires(r, o, now))) {
                        objects.delete(bucket, o.key());
                        counts[0]++;
                    }
                }
                if (!page.truncated()) {
                    break;
                }
                after = page.nextMarker();
            }
        }
        if (rules.stream().anyMatch(r -> r.noncurrentDays() > 0 || r.expiredObjectDeleteMarker())) {
            versions(bucket, rules, now, counts);
        }
        if (rules.stream().anyMatch(r -> r.abortDays() > 0)) {
            for (MultipartUploads.Upload u : uploads.uploads(bucket)) {
                boolean due = rules.stream().anyMatch(r -> r.abortDays() > 0 && u.key().startsWith(r.prefix())
                        && !u.initiated().plus(day.multipliedBy(r.abortDays())).isAfter(now));
                if (due) {
                    try {
                        uploads.abort(bucket, u.key(), u.id());
                        counts[3]++;
                    } catch (S3Exception e) {
                        // completed or aborted meanwhile
                    }
                }
            }
        }
    }

    private boolean expires(LifecycleConfiguration.Rule r, ObjectInfo o, Instant now) {
        if (!r.covers(o.key(), o.size(), o.tags().asMap())) {
            return false;
        }
        if (r.expirationDate() != null && !now.isBefore(r.expirationDate())) {
            return true;
        }
        return r.expirationDays() > 0 && !o.lastModified().plus(day.multipliedBy(r.expirationDays())).isAfter(now);
    }

    /** Noncurrent versions past their days, and delete markers with nothing left behind them. */
    private void versions(String bucket, List<LifecycleConfiguration.Rule> rules, Instant now, int[] counts) {
        String keyMarker = "";
        String versionMarker = "";
        String key = null;
        Instant newer = null; // when the next newer version of the current key was made
        int versionsOfKey = 0;
        VersionLister.Item pendingMarker = null;
        while (true) {
            VersionLister.Page page = versionLister.list(bucket, "", "", keyMarker, versionMarker, PAGE);
            for (VersionLister.Item item : page.items()) {
                ObjectInfo o = item.info();
                if (!o.key().equals(key)) {
                    removeLoneMarker(bucket, pendingMarker, versionsOfKey, rules, counts);
                    key = o.key();
                    newer = null;
                    versionsOfKey = 0;
                    pendingMarker = null;
                }
                versionsOfKey++;
                if (item.latest() && item.deleteMarker()) {
                    pendingMarker = item;
                }
                if (!item.latest() && newer != null) {
                    Instant since = newer;
                    boolean due = rules.stream().anyMatch(r -> r.noncurrentDays() > 0
                            && r.covers(o.key(), o.size(), o.tags().asMap())
                            && !since.plus(day.multipliedBy(r.noncurrentDays())).isAfter(now));
                    if (due) {
                        objects.deleteVersion(bucket, o.key(), o.versionId());
                        counts[1]++;
                        versionsOfKey--;
                    }
                }
                newer = o.lastModified();
            }
            if (!page.truncated()) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        removeLoneMarker(bucket, pendingMarker, versionsOfKey, rules, counts);
    }

    private void removeLoneMarker(String bucket, VersionLister.Item marker, int versionsOfKey,
                                  List<LifecycleConfiguration.Rule> rules, int[] counts) {
        if (marker == null || versionsOfKey != 1) {
            return;
        }
        String k = marker.info().key();
        if (rules.stream().anyMatch(r -> r.expiredObjectDeleteMarker() && k.startsWith(r.prefix()))) {
            objects.deleteVersion(bucket, k, marker.info().versionId());
            counts[2]++;
        }
    }
}
