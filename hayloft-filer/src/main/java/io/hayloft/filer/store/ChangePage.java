package io.hayloft.filer.store;

import java.util.List;

/**
 * A page of one change log ({@link FilerStore#changes}).
 *
 * @param changes ascending by sequence
 * @param oldest  the smallest sequence the log still keeps (older changes were trimmed); 0 when none was
 * @param latest  the largest sequence written so far, -1 when none
 */
public record ChangePage(List<Change> changes, long oldest, long latest) {
    public ChangePage {
        changes = List.copyOf(changes);
    }
}
