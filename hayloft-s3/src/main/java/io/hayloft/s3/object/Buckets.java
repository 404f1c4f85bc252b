package io.hayloft.s3.object;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.client.MasterClient;
import io.hayloft.client.MasterClientConfig;
import io.hayloft.client.MasterTransport;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.FilerEntry;
import io.hayloft.s3.filer.FilerException;
import io.hayloft.s3.filer.FilerPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Buckets as filer directories {@code /buckets/<name>}; each bucket's objects are written to the
 * collection named after it, and deleting a bucket drops that collection on the masters, so its volumes
 * go at once (a cluster that creates and deletes many buckets would otherwise run out of volume slots).
 * Thread-safe; every method blocks on the filer (virtual threads). Failures are {@link S3Exception}s.
 */
public final class Buckets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Buckets.class);
    private static final Duration MASTER_TIMEOUT = Duration.ofSeconds(30);
    /** The filer directory holding one directory per bucket. */
    public static final String ROOT = "/buckets";
    private static final int PAGE = 1000;

    private final FilerAccess filer;
    private final BucketSettings settings;
    private final VersionStore versions;
    /** The masters' client, made on the first bucket deletion (the filer names the masters). */
    private volatile MasterClient masters;

    public Buckets(FilerAccess filer) {
        this.filer = filer;
        this.settings = new BucketSettings(filer);
        this.versions = new VersionStore(filer);
    }

    /** The versioning state of bucket {@code name} ({@link VersioningStatus#UNVERSIONED} when never set). */
    public VersioningStatus versioning(String name) {
        return settings.get(name, BucketSettings.VERSIONING).map(VersioningStatus::of)
                .orElse(VersioningStatus.UNVERSIONED);
    }

    /**
     * Sets the versioning state of bucket {@code name}.
     *
     * @throws S3Exception NoSuchBucket; IllegalVersioningConfigurationException for
     *                     {@link VersioningStatus#UNVERSIONED} (a bucket is suspended, never unversioned again)
     */
    public void setVersioning(String name, VersioningStatus status) {
        S3Exception.check(status.versioned(), S3ErrorCode.ILLEGAL_VERSIONING_CONFIGURATION,
                "The versioning status is Enabled or Suspended");
        require(name);
        settings.put(name, BucketSettings.VERSIONING, status.text());
    }

    /** The buckets' settings (owner, tags). */
    public BucketSettings settings() {
        return settings;
    }

    /**
     * The identity that owns bucket {@code name} (the one that created it; {@code fallback} for a bucket
     * made before owners were recorded, or through the filer).
     */
    public String owner(String name, String fallback) {
        return settings.get(name, BucketSettings.OWNER).filter(o -> !o.isBlank()).orElse(fallback);
    }

    /** A bucket: its name and when it was created. */
    public record Bucket(String name, Instant created) {
    }

    /** The filer directory of bucket {@code name}. */
    public static String directory(String name) {
        return ROOT + "/" + name;
    }

    /** Every bucket, by name (directories under {@link #ROOT} whose names are valid bucket names). */
    public List<Bucket> list() {
        List<Bucket> out = new ArrayList<>();
        String after = "";
        try {
            while (true) {
                FilerPage page = filer.list(ROOT, after, false, PAGE);
                for (FilerEntry e : page.entries()) {
                    if (e.directory() && BucketName.problem(e.name()) == null) {
                        out.add(new Bucket(e.name(), e.mtime()));
                    }
                }
                if (!page.hasMore() || page.entries().isEmpty()) {
                    return out;
                }
                after = page.entries().getLast().name();
            }
        } catch (FilerException e) {
            if (e.status() == 404) {
                return out;
            }
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    /** The bucket {@code name}, or empty. */
    public Optional<Bucket> find(String name) {
        try {
            return filer.find(directory(name)).filter(FilerEntry::directory).map(e -> new Bucket(name, e.mtime()));
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    /**
     * Checks that bucket {@code name} exists.
     *
     * @throws S3Exception NoSuchBucket
     */
    public void require(String name) {
        if (find(name).isEmpty()) {
            throw new S3Exception(S3ErrorCode.NO_SUCH_BUCKET, "The specified bucket does not exist: " + name);
        }
    }

    /**
     * Creates bucket {@code name}, owned by identity {@code owner}; settings a crashed deletion left
     * behind under that name are cleared first.
     *
     * @param checks run once the name is known to be free, before anything is created (throws to refuse)
     * @throws S3Exception InvalidBucketName, BucketAlreadyOwnedByYou (it exists and is {@code owner}'s),
     *                     BucketAlreadyExists (it is another identity's)
     */
    public void create(String name, String owner, Runnable checks) {
        BucketName.check(name);
        if (find(name).isPresent()) {
            S3Exception.check(owner(name, owner).equals(owner), S3ErrorCode.BUCKET_ALREADY_EXISTS, "The requested"
                    + " bucket name is not available. The bucket namespace is shared by all users of the system."
                    + " Please select a different name and try again.");
            throw new S3Exception(S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU,
                    "Your previous request to create the named bucket succeeded and you already own it.");
        }
        checks.run();
        settings.drop(name);
        settings.put(name, BucketSettings.OWNER, owner);
        try {
            filer.mkdirs(directory(name));
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    /**
     * Deletes the empty bucket {@code name}.
     *
     * @throws S3Exception NoSuchBucket, BucketNotEmpty
     */
    public void delete(String name) {
        require(name);
        S3Exception.check(versions.isEmpty(name), S3ErrorCode.BUCKET_NOT_EMPTY, "The bucket you tried to delete is"
                + " not empty: it holds noncurrent versions or delete markers");
        try {
            filer.delete(directory(name), false);
        } catch (FilerException e) {
            if (e.status() == 409) {
                throw new S3Exception(S3ErrorCode.BUCKET_NOT_EMPTY, "The bucket you tried to delete is not empty");
            }
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
        forgetQuietly(BucketSettings.ROOT + "/" + name);
        forgetQuietly(MultipartUploads.ROOT + "/" + name);
        forgetQuietly(VersionStore.ROOT + "/" + name);
        dropCollection(name);
    }

    /** Removes what a deleted bucket left outside its directory; a failure leaves harmless orphans. */
    private void forgetQuietly(String path) {
        try {
            filer.delete(path, true);
        } catch (FilerException e) {
            LOG.warn("bucket deleted, but {} was not removed: {}", path, e.getMessage());
        }
    }

    /**
     * Drops the deleted bucket's collection on the masters. The bucket is gone already, so a failure is
     * logged, not answered: its volumes then wait for an operator's {@code collection.delete}. A
     * collection that never got a volume (a bucket that never held an object) is no failure.
     */
    private void dropCollection(String name) {
        try {
            masters().post(MasterApi.COLLECTION_DELETE.query().param(MasterApi.COLLECTION, name), JsonNode.class);
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.BAD_REQUEST && e.getMessage().contains("does not exist")) {
                return;
            }
            LOG.warn("bucket {} deleted, but its collection's volumes were not dropped: {}", name, e.getMessage());
        } catch (FilerException e) {
            LOG.warn("bucket {} deleted, but the filer did not name its masters: {}", name, e.getMessage());
        }
    }

    private MasterClient masters() {
        MasterClient m = masters;
        if (m == null) {
            synchronized (this) {
                if (masters == null) {
                    MasterClientConfig config = MasterClientConfig.of(filer.masters(), MASTER_TIMEOUT, MASTER_TIMEOUT);
                    // over the filer access's own transport when it has one (Vert.x in hayloft s3)
                    masters = filer.transport().map(t -> MasterClient.create(config, MasterTransport.over(t)))
                            .orElseGet(() -> MasterClient.create(config));
                }
                m = masters;
            }
        }
        return m;
    }

    /** Releases the masters' client, if one was made. */
    @Override
    public void close() {
        MasterClient m = masters;
        if (m != null) {
            m.close();
        }
    }
}
