package io.hayloft.s3.object;

import java.time.Instant;
import java.util.Map;

/**
 * An object's attributes, as HEAD, GET and listings answer them.
 *
 * @param key          the object key
 * @param size         its length in bytes
 * @param eTag         its ETag, quoted ({@code "<md5 hex>"})
 * @param lastModified when it was written
 * @param contentType  its Content-Type
 * @param metadata     user metadata, lower-case {@code x-amz-meta-*} names → values
 */
public record ObjectInfo(String key, long size, String eTag, Instant lastModified, String contentType,
                         Map<String, String> metadata) {
    public ObjectInfo {
        metadata = Map.copyOf(metadata);
    }
}
