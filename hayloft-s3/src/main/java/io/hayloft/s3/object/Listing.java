package io.hayloft.s3.object;

import java.util.List;

/**
 * One page of ListObjects: objects and common prefixes in key order, at most {@code max-keys} of both
 * together.
 *
 * @param objects        the objects of the page
 * @param commonPrefixes the prefixes keys were rolled up into (with a delimiter)
 * @param truncated      true when more follow
 * @param nextMarker     the last key or common prefix of the page: where the next page starts after;
 *                       empty when not truncated
 */
public record Listing(List<ObjectInfo> objects, List<String> commonPrefixes, boolean truncated, String nextMarker) {
    public Listing {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
