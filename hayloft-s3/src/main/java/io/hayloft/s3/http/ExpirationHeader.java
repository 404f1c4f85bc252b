package io.hayloft.s3.http;

import io.hayloft.s3.object.BucketSettings;
import io.hayloft.s3.object.Buckets;
import io.hayloft.s3.object.ObjectInfo;
import io.hayloft.s3.xml.LifecycleConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code x-amz-expiration} header of PutObject, GetObject and HeadObject: when the bucket's lifecycle
 * rules expire the object and by which rule ({@link LifecycleConfiguration#expiry}, measured in the
 * lifecycle job's own day, so it says when this gateway removes it). A bucket's rules are kept for
 * {@value #TTL_MILLIS} ms; a change through this gateway is seen at once ({@link #changed}). Thread-safe.
 */
final class ExpirationHeader {
    static final long TTL_MILLIS = 1000;

    private final Buckets buckets;
    private final Clock clock;
    private final Duration day;
    private final ConcurrentHashMap<String, Rules> cache = new ConcurrentHashMap<>();

    private record Rules(Optional<LifecycleConfiguration> config, Instant read) {
    }

    /**
     * @param day how long a rule's day is (the lifecycle job's)
     */
    ExpirationHeader(Buckets buckets, Clock clock, Duration day) {
        this.buckets = buckets;
        this.clock = clock;
        this.day = day;
    }

    /**
     * Sets the header on {@code ex}'s answer when a rule expires the object (the current version), which
     * {@code object} looks up only when the bucket has rules.
     */
    void decorate(S3Exchange ex, java.util.function.Supplier<Optional<ObjectInfo>> object) {
        if (ex.param("versionId") != null) {
            return; // rules on current objects say nothing of a version named by id
        }
        Optional<LifecycleConfiguration> config = rules(ex.bucket);
        if (config.isEmpty()) {
            return;
        }
        object.get().flatMap(o -> config.get().expiry(o.key(), o.size(), o.tags().asMap(), o.lastModified(), day))
                .ifPresent(e -> ex.response.putHeader("x-amz-expiration", e.header()));
    }

    /** Forgets the rules read of {@code bucket}: they changed here. */
    void changed(String bucket) {
        cache.remove(bucket);
    }

    private Optional<LifecycleConfiguration> rules(String bucket) {
        Instant now = clock.instant();
        Rules r = cache.get(bucket);
        if (r == null || Duration.between(r.read(), now).toMillis() >= TTL_MILLIS || now.isBefore(r.read())) {
            Optional<LifecycleConfiguration> config;
            try {
                config = buckets.settings().get(bucket, BucketSettings.LIFECYCLE)
                        .map(xml -> LifecycleConfiguration.parse(xml.getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                config = Optional.empty(); // the header is advisory: a failure to read the rules drops it
            }
            r = new Rules(config, now);
            cache.put(bucket, r);
        }
        return r.config();
    }
}
