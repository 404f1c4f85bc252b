package io.hayloft.s3.object;

import io.hayloft.filer.entry.Md5;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.FilerEntry;
import io.hayloft.s3.filer.FilerException;
import io.hayloft.s3.filer.FilerPage;
import io.hayloft.s3.filer.FilerRead;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Multipart uploads, each a filer directory {@code /.s3-uploads/<bucket>/<uploadId>} outside every
 * bucket (so no key is reserved in it, and listings never see it; a partitioned filer routes it by the
 * bucket's name, so an upload is in its bucket's partition and Complete is one Raft entry): a small {@code upload} file naming the bucket and key (with the object's Content-Type, metadata
 * and tags as its own; its modification time is when the upload was initiated), and one file per part,
 * {@code part-00001}..., written to the bucket's collection. Complete checks the list (ascending part
 * numbers, ETags that match, every part but the last at least 5 MiB), streams the parts in order into the
 * object (this version copies them; it does not link their chunks yet), stores the ETag
 * {@code md5(part md5s)-N} and the part sizes with it (for GET {@code ?partNumber=}) and removes the
 * upload. A repeated Complete of an upload whose object is still there answers the same ETag. Deleting
 * a bucket removes its uploads.
 *
 * <p>Thread-safe; blocks on the filer. Failures are {@link S3Exception}s.
 */
public final class MultipartUploads {
    /** Where uploads in progress live. */
    public static final String ROOT = "/.s3-uploads";
    /** The smallest part but the last (S3's limit). */
    public static final long MIN_PART_SIZE = 5L << 20;
    /** The highest part number. */
    public static final int MAX_PART_NUMBER = 10_000;
    private static final String UPLOAD_FILE = "upload";
    /** Extended attribute naming the upload a completed object came from (a repeated Complete is answered). */
    static final String UPLOAD_ATTRIBUTE = "s3-upload-id";

    private final FilerAccess filer;
    private final Buckets buckets;
    private final Objects objects;

    public MultipartUploads(FilerAccess filer, Buckets buckets, Objects objects) {
        this.filer = filer;
        this.buckets = buckets;
        this.objects = objects;
    }

    /** A stored part. */
    public record Part(int number, String eTag, long size, Instant lastModified) {
    }

    /** A part as Complete names it. */
    public record PartRef(int number, String eTag) {
    }

    /** An upload in progress, as ListMultipartUploads reports it. */
    public record Upload(String key, String id, Instant initiated) {
    }

    /**
     * Starts an upload of {@code key}.
     *
     * @return its upload id
     */
    public String create(String bucket, String key, Objects.PutOptions options) {
        ObjectKey.check(key);
        S3Exception.check(!ObjectKey.isFolder(key), S3ErrorCode.INVALID_REQUEST, "a folder key cannot be uploaded in parts");
        buckets.require(bucket);
        String id = UUID.randomUUID().toString();
        byte[] names = (bucket + "\n" + key).getBytes(StandardCharsets.UTF_8);
        try {
            filer.write(dir(bucket, id) + "/" + UPLOAD_FILE, new ByteArrayInputStream(names), names.length,
                    new FilerAccess.WriteOptions(options.contentType(), options.extended(), ""));
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
        return id;
    }

    /**
     * Stores part {@code number} of upload {@code id} (replacing an earlier one of that number).
     *
     * @param check as {@link Objects#put}: judges the bytes once stored, or null
     * @return the part's ETag, quoted
     */
    public String uploadPart(String bucket, String key, String id, int number, InputStream body, long length,
                             Consumer<String> check) {
        S3Exception.check(number >= 1 && number <= MAX_PART_NUMBER, S3ErrorCode.INVALID_ARGUMENT,
                "Part number must be an integer between 1 and " + MAX_PART_NUMBER + ", inclusive");
        upload(bucket, key, id);
        String part = dir(bucket, id) + "/" + partName(number);
        FilerAccess.WriteOptions write = new FilerAccess.WriteOptions("", Map.of(), bucket);
        try {
            if (check == null) {
                return Objects.quote(filer.write(part, body, length, write).md5());
            }
            if (filer.checksBeforeCommit()) {
                return Objects.quote(filer.write(part, body, length, write, check).md5());
            }
            String staging = dir(bucket, id) + "/staging-" + UUID.randomUUID();
            try {
                FilerAccess.Written written = filer.write(staging, body, length, write);
                check.accept(written.md5());
                filer.rename(staging, part);
                return Objects.quote(written.md5());
            } catch (RuntimeException e) {
                try {
                    filer.delete(staging, false);
                } catch (RuntimeException ignored) {
                    // never written, or the upload is being removed
                }
                throw e;
            }
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_UPLOAD);
        }
    }

    /** The parts of upload {@code id} stored so far, by number. */
    public List<Part> parts(String bucket, String key, String id) {
        upload(bucket, key, id);
        return storedParts(bucket, id);
    }

    /**
     * The uploads in progress in {@code bucket}, ordered by key, then by when they were initiated, then id.
     *
     * @throws S3Exception NoSuchBucket
     */
    public List<Upload> uploads(String bucket) {
        buckets.require(bucket);
        List<Upload> out = new ArrayList<>();
        String after = "";
        try {
            while (true) {
                FilerPage page = filer.list(ROOT + "/" + bucket, after, false, 1000);
                for (FilerEntry d : page.entries()) {
                    Optional<FilerEntry> upload = d.directory() ? filer.find(d.path() + "/" + UPLOAD_FILE)
                            : Optional.empty();
                    if (upload.isPresent()) {
                        String names = names(upload.get());
                        if (names.startsWith(bucket + "\n")) {
                            out.add(new Upload(names.substring(bucket.length() + 1), d.name(), upload.get().mtime()));
                        }
                    }
                }
                if (!page.hasMore() || page.entries().isEmpty()) {
                    break;
                }
                after = page.entries().getLast().name();
            }
        } catch (FilerException e) {
            if (e.status() != 404) {
                throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
            }
        }
        out.sort(Comparator.comparing(Upload::key).thenComparing(Upload::initiated).thenComparing(Upload::id));
        return out;
    }

    private List<Part> storedParts(String bucket, String id) {
        List<Part> out = new ArrayList<>();
        String after = "";
        try {
            while (true) {
                FilerPage page = filer.list(dir(bucket, id), after, false, 1000);
                for (FilerEntry e : page.entries()) {
                    if (!e.directory() && e.name().startsWith("part-")) {
                        out.add(new Part(Integer.parseInt(e.name().substring(5)), Objects.quote(e.md5()), e.size(),
                                e.mtime()));
                    }
                }
                if (!page.hasMore() || page.entries().isEmpty()) {
                    return out;
                }
                after = page.entries().getLast().name();
            }
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_UPLOAD);
        }
    }

    /**
     * Assembles the object from {@code refs}, then removes the upload.
     *
     * @return the object's ETag, quoted: {@code "md5(part md5s)-N"}, and its version
     * @throws S3Exception InvalidPartOrder, InvalidPart, EntityTooSmall, NoSuchUpload
     */
    public Objects.Stored complete(String bucket, String key, String id, List<PartRef> refs) {
        FilerEntry upload;
        try {
            upload = upload(bucket, key, id);
        } catch (S3Exception e) {
            if (e.code() == S3ErrorCode.NO_SUCH_UPLOAD) {
                Objects.Stored done = completedBy(bucket, key, id);
                if (done != null) {
                    return done; // a repeated Complete (a client that lost the first answer) answers the same
                }
            }
            throw e;
        }
        S3Exception.check(!refs.isEmpty(), S3ErrorCode.MALFORMED_XML, "Complete names no part");
        Map<Integer, Part> stored = new LinkedHashMap<>();
        for (Part p : storedParts(bucket, id)) {
            stored.put(p.number(), p);
        }
        List<Part> chosen = new ArrayList<>();
        MessageDigest md5s = Md5.digest();
        for (int i = 0; i < refs.size(); i++) {
            PartRef ref = refs.get(i);
            S3Exception.check(i == 0 || refs.get(i - 1).number() < ref.number(), S3ErrorCode.INVALID_PART_ORDER,
                    "The list of parts was not in ascending order. Parts must be ordered by part number.");
            Part part = stored.get(ref.number());
            String given = ref.eTag().startsWith("\"") ? ref.eTag() : Objects.quote(ref.eTag());
            S3Exception.check(part != null && part.eTag().equals(given), S3ErrorCode.INVALID_PART,
                    "One or more of the specified parts could not be found (part " + ref.number() + ")");
            S3Exception.check(i == refs.size() - 1 || part.size() >= MIN_PART_SIZE, S3ErrorCode.ENTITY_TOO_SMALL,
                    "Your proposed upload is smaller than the minimum allowed object size (part " + ref.number()
                            + " is " + part.size() + " bytes; all but the last must be at least " + MIN_PART_SIZE + ")");
            chosen.add(part);
            md5s.update(HexFormat.of().parseHex(part.eTag().substring(1, part.eTag().length() - 1)));
        }
        String eTag = HexFormat.of().formatHex(md5s.digest()) + "-" + chosen.size();
        Map<String, String> metadata = new LinkedHashMap<>(upload.extended());
        metadata.put(Objects.ETAG_ATTRIBUTE, eTag);
        metadata.put(UPLOAD_ATTRIBUTE, id);
        metadata.put(Objects.PARTS_ATTRIBUTE, String.join(",", chosen.stream().map(p -> Long.toString(p.size()))
                .toList()));
        // the object takes over the parts' chunks: no byte is copied, however large the upload
        List<String> partPaths = chosen.stream().map(p -> dir(bucket, id) + "/" + partName(p.number())).toList();
        Objects.Stored written = objects.putComposed(bucket, key, partPaths, new Objects.PutOptions(upload.mime(), metadata));
        removeQuietly(bucket, id);
        return new Objects.Stored(Objects.quote(eTag), written.versionId());
    }

    /** The ETag and version of {@code key} when upload {@code id} made it and it was not replaced since; null otherwise. */
    private Objects.Stored completedBy(String bucket, String key, String id) {
        try {
            return filer.find(Objects.path(bucket, key)).filter(e -> !e.directory())
                    .filter(e -> id.equals(Objects.attribute(e, UPLOAD_ATTRIBUTE)))
                    .map(e -> Objects.info(key, e))
                    .map(o -> new Objects.Stored(o.eTag(), o.versionId())).orElse(null);
        } catch (FilerException e) {
            return null;
        }
    }

    /** Removes upload {@code id} and its parts. */
    public void abort(String bucket, String key, String id) {
        upload(bucket, key, id);
        try {
            filer.delete(dir(bucket, id), true);
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_UPLOAD);
        }
    }

    /** The upload's {@code upload} entry, checked to be of this bucket and key. */
    private FilerEntry upload(String bucket, String key, String id) {
        S3Exception noSuch = new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD, "The specified upload does not exist. The"
                + " upload ID may be invalid, or the upload may have been aborted or completed.");
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw noSuch;
        }
        try {
            FilerEntry entry = filer.find(dir(bucket, id) + "/" + UPLOAD_FILE).orElseThrow(() -> noSuch);
            if (!names(entry).equals(bucket + "\n" + key)) {
                throw noSuch;
            }
            return entry;
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_UPLOAD);
        }
    }

    /** The {@code bucket\nkey} an upload file holds. */
    private String names(FilerEntry upload) {
        try (FilerRead read = filer.read(upload.path(), 0, -1)) {
            return new String(read.body().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "cannot read the upload: " + e.getMessage(), e);
        }
    }

    private void removeQuietly(String bucket, String id) {
        try {
            filer.delete(dir(bucket, id), true);
        } catch (RuntimeException e) {
            // the object is complete; a leftover upload directory is harmless
        }
    }

    private static String dir(String bucket, String id) {
        return ROOT + "/" + bucket + "/" + id;
    }

    private static String partName(int number) {
        return String.format("part-%05d", number);
    }
}
