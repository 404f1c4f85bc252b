package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of {@code GET /<path>?watch=true} ({@link FilerApi#WATCH}): the changes at or under the path
 * after the request's cursor, in order within each change log (a partition of the filer's metadata; one
 * log for a single store), and the cursor to ask from next (it also covers changes elsewhere that were
 * skipped). No change: the wait ran out.
 *
 * @param cursor  where the next request resumes
 * @param changes the changes, oldest first within each log
 */
public record FilerChangesResponse(@JsonProperty("cursor") String cursor,
                                   @JsonProperty("changes") List<Change> changes) {
    public FilerChangesResponse {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /**
     * One change.
     *
     * @param log       the change log (partition) it is in
     * @param sequence  its place in that log
     * @param kind      {@code put} (created or replaced) or {@code delete}
     * @param path      the entry's path
     * @param directory whether the entry is (was) a directory
     */
    public record Change(@JsonProperty("log") int log, @JsonProperty("sequence") long sequence,
                         @JsonProperty("kind") String kind, @JsonProperty("path") String path,
                         @JsonProperty("directory") boolean directory) {
    }
}
