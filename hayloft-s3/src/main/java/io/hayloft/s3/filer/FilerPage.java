package io.hayloft.s3.filer;

import java.util.List;

/**
 * One page of a filer directory's children, in name order.
 *
 * @param entries the children
 * @param hasMore true when more follow the last one
 */
public record FilerPage(List<FilerEntry> entries, boolean hasMore) {
    public FilerPage {
        entries = List.copyOf(entries);
    }
}
