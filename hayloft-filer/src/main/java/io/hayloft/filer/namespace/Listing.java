package io.hayloft.filer.namespace;

import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import java.util.List;

/**
 * One page of a directory listing.
 *
 * @param directory    the directory listed
 * @param entries      its children in name order
 * @param lastFileName the name of the last entry on this page, the {@code lastFileName} to ask for the
 *                     next one; empty when the page is empty
 * @param hasMore      true when more children follow this page
 */
public record Listing(FullPath directory, List<Entry> entries, String lastFileName, boolean hasMore) {
    public Listing {
        entries = List.copyOf(entries);
    }
}
