package io.hayloft.volume.replication;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.http.PeerClient;
import io.hayloft.volume.transfer.VolumePeerClient;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.api.ContentDisposition;
import io.hayloft.volume.transfer.NeedleTransfer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a needle from another server: from another replica when the local copy failed its CRC, so
 * a corrupt copy is never served while a good one exists ({@link #readFromPeer}), and from a server
 * that holds the volume when this one does not (proxied reads, {@link #readElsewhere}). Peers are
 * asked one by one with {@code ?type=replicate} through {@link VolumePeerClient#readReplica} (they answer
 * from their own copy, CRC-checked, and never ask further); a peer whose answer's code is NOT_FOUND
 * does not hold it, any other refusal counts as a failed peer. Blocking; thread-safe.
 */
public final class ReplicaReader {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaReader.class);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final ReplicaLocator locator;
    private final VolumePeerClient peers;

    public ReplicaReader(ReplicaLocator locator, VolumePeerClient peers) {
        this.locator = locator;
        this.peers = peers;
    }

    /**
     * The needle as a good replica holds it.
     *
     * @return the needle (data, name, mime, last-modified, pairs), or empty when the volume has no
     *         other replica or none could serve it; failures are logged, never thrown
     */
    public Optional<Needle> readFromPeer(Volume volume, FileId fid) {
        if (volume.replicaPlacement().copies() < 2) {
            return Optional.empty();
        }
        List<String> others;
        try {
            others = locator.peers(volume.id());
        } catch (RuntimeException e) {
            LOG.warn("cannot look up replicas of volume {} to replace corrupt {}: {}", volume.id(), fid, e.getMessage());
            return Optional.empty();
        }
        Attempt a = readFrom(others, fid);
        a.servedBy().ifPresent(peer -> LOG.warn("served {} from replica {}: the local copy failed its CRC", fid, peer));
        return a.needle();
    }

    /**
     * The needle as a server holding its volume has it, for a read of a volume this server does not
     * hold (it moved, or the client's lookup is stale): the master says where the volume is. When
     * every cached location fails to answer, the lookup is refreshed and the new locations tried once.
     *
     * @return the needle (data, name, mime, last-modified, pairs); empty when the master knows no
     *         replica of the volume, or no replica has the needle or can serve it
     * @throws io.hayloft.api.HayloftException {@code UNAVAILABLE} when no master answers the lookup
     */
    public Optional<Needle> readElsewhere(FileId fid) {
        VolumeId volumeId = fid.volumeId();
        Optional<List<String>> holders = holders(volumeId);
        if (holders.isEmpty()) {
            return Optional.empty();
        }
        Attempt a = readFrom(holders.get(), fid);
        if (a.needle().isEmpty() && a.peerFailed()) {
            locator.invalidate(volumeId);
            Optional<List<String>> fresh = holders(volumeId);
            if (fresh.isPresent() && !fresh.get().equals(holders.get())) {
                a = readFrom(fresh.get(), fid);
            }
        }
        a.servedBy().ifPresent(peer -> LOG.debug("proxied the read of {} to {}", fid, peer));
        return a.needle();
    }

    private Optional<List<String>> holders(VolumeId volumeId) {
        try {
            return Optional.of(locator.peers(volumeId));
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** What asking peers one by one gave: the needle and who served it, and whether a peer failed. */
    private record Attempt(Optional<Needle> needle, Optional<String> servedBy, boolean peerFailed) {
    }

    private Attempt readFrom(List<String> candidates, FileId fid) {
        boolean failed = false;
        for (String peer : candidates) {
            try {
                Optional<PeerClient.Response> answer = peers.readReplica(peer, fid);
                if (answer.isPresent()) {
                    PeerClient.Response r = answer.get();
                    Needle copy = toNeedle(fid, r);
                    String etag = r.headers().get("ETag");
                    if (etag == null || !etag.replace("\"", "").equals(copy.eTag())) {
                        // never serve bytes that do not match the checksum their replica stated
                        LOG.warn("replica {} answered {} with bytes that do not match its ETag {}", peer, fid, etag);
                        failed = true;
                        continue;
                    }
                    return new Attempt(Optional.of(copy), Optional.of(peer), false);
                }
            } catch (RuntimeException e) {
                LOG.warn("replica {} cannot serve {}: {}", peer, fid, e.getMessage());
                failed = true;
            }
        }
        return new Attempt(Optional.empty(), Optional.empty(), failed);
    }

    private static Needle toNeedle(FileId fid, PeerClient.Response r) {
        String mime = r.headers().get("Content-Type");
        Map<String, String> pairs = new LinkedHashMap<>();
        int prefix = NeedleTransfer.PAIR_PREFIX.length();
        r.headers().forEach(h -> {
            if (h.getKey().length() > prefix
                    && h.getKey().regionMatches(true, 0, NeedleTransfer.PAIR_PREFIX, 0, prefix)) {
                pairs.put(h.getKey().substring(prefix), h.getValue());
            }
        });
        return Needle.of(fid.key(), fid.cookie(), r.body().getBytes())
                .withName(ContentDisposition.fileName(r.headers().get("Content-Disposition")).orElse(""))
                .withMime(mime == null || mime.startsWith(NeedleTransfer.OCTET_STREAM) ? "" : mime)
                .withLastModified(lastModified(r.headers().get("Last-Modified")))
                .withPairs(pairs);
    }

    private static long lastModified(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return HTTP_DATE.parse(header, Instant::from).getEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
