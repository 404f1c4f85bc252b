package io.hayloft.volume.transfer;

import io.hayloft.api.ContentDisposition;
import io.hayloft.storage.Needle;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a stored needle is sent to a peer volume server as a raw upload, so the peer stores an
 * identical copy: the data is the body, and
 * <pre>
 *   POST /&lt;fid&gt;?type=replicate[&amp;ts=&lt;lastModified s&gt;][&amp;ttl=&lt;ttl&gt;]
 *   Content-Type:        the needle's mime (application/octet-stream when it has none)
 *   Content-Disposition: inline; filename="&lt;name&gt;"      (when it has a name)
 *   Seaweed-&lt;key&gt;:       &lt;value&gt;                         (one per key/value pair)
 * </pre>
 * The {@code Seaweed-} prefix is SeaweedFS's for needle pairs; uploads carry pairs the same way.
 * Stateless.
 */
public final class NeedleTransfer {
    /** Header prefix of needle key/value pairs on upload and download. */
    public static final String PAIR_PREFIX = "Seaweed-";
    /** Content type sent for data without a mime; never stored as the needle's mime. */
    public static final String OCTET_STREAM = "application/octet-stream";

    private NeedleTransfer() {
    }

    /** The query string (with its {@code ?}) of a replica copy of {@code needle}. */
    public static String replicaQuery(Needle needle) {
        StringBuilder q = new StringBuilder("?type=replicate");
        if (needle.lastModified() > 0) {
            q.append("&ts=").append(needle.lastModified());
        }
        if (needle.ttl() != null && !needle.ttl().isNone()) {
            q.append("&ttl=").append(URLEncoder.encode(needle.ttl().toString(), StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    /** The headers of a replica copy of {@code needle}. */
    public static Map<String, String> replicaHeaders(Needle needle) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", needle.mime() == null || needle.mime().isEmpty() ? OCTET_STREAM : needle.mime());
        if (needle.name() != null && !needle.name().isEmpty()) {
            h.put("Content-Disposition", ContentDisposition.format("inline", needle.name()));
        }
        if (needle.pairs() != null) {
            needle.pairs().forEach((k, v) -> h.put(PAIR_PREFIX + k, v));
        }
        return h;
    }
}
