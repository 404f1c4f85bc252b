package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Location;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a call against a blob's replicas, one location after another, until one answers. Only an
 * unreachable location (UNAVAILABLE) or a server-side failure (INTERNAL, CORRUPT) moves on to the
 * next; a clear answer such as NOT_FOUND ends the search. Whenever a location failed, the cached
 * lookup is dropped so the next call asks the master again. Thread-safe.
 */
final class LocationFailover {
    private final Function<FileId, List<Location>> lookup;
    private final LookupCache cache;
    private final boolean usePublicUrl;

    /**
     * @param lookup       where a blob is, best first: its volume's locations, cached or from the master
     * @param cache        the cache {@code lookup} fills, invalidated on failure
     * @param usePublicUrl call locations at their {@code publicUrl}
     */
    LocationFailover(Function<FileId, List<Location>> lookup, LookupCache cache, boolean usePublicUrl) {
        this.lookup = lookup;
        this.cache = cache;
        this.usePublicUrl = usePublicUrl;
    }

    /** {@code call}'s result for the first location of {@code fid}'s volume that answers; else the telling failure. */
    <T> T call(FileId fid, Function<URI, T> call) {
        HayloftException.checkArgument(fid != null, "file id is required");
        List<HayloftException> failures = new ArrayList<>();
        for (Location location : lookup.apply(fid)) {
            try {
                T result = call.apply(Endpoints.blob(addressOf(location), fid));
                if (!failures.isEmpty()) {
                    cache.invalidate(fid.volumeId());
                }
                return result;
            } catch (HayloftException e) {
                failures.add(e);
                if (e instanceof BlobStream.TransferBroken || !worthAnotherLocation(e.code())) {
                    break;
                }
            }
        }
        cache.invalidate(fid.volumeId());
        throw mostTelling(failures);
    }

    private static boolean worthAnotherLocation(ErrorCode code) {
        return code == ErrorCode.UNAVAILABLE || code == ErrorCode.INTERNAL || code == ErrorCode.CORRUPT;
    }

    /** The failure that explains the most: a server's answer beats "unreachable". */
    private static HayloftException mostTelling(List<HayloftException> failures) {
        HayloftException chosen = failures.getLast();
        for (HayloftException e : failures) {
            if (e.code() != ErrorCode.UNAVAILABLE) {
                chosen = e;
            }
        }
        return chosen;
    }

    private String addressOf(Location location) {
        boolean hasPublic = location.publicUrl() != null && !location.publicUrl().isEmpty();
        return usePublicUrl && hasPublic ? location.publicUrl() : location.url();
    }
}
