package io.hayloft.volume.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of {@code POST /internal/needle/batch?volume=N} ({@link NeedleTransfer}): one result per
 * record, in the order the records came, each what {@code POST /internal/needle/replicate} would have
 * answered for that record alone.
 */
public final class RecordBatchWire {
    private RecordBatchWire() {
    }

    /**
     * One record's outcome.
     *
     * @param status the HTTP status the record alone would have had (201 stored, 202 deleted, 4xx/5xx)
     * @param code   the error code name when it failed, else null
     * @param error  the error message when it failed, else null
     * @param size   the data size stored (201) or deleted (202), else null
     * @param eTag   the stored data's CRC-32C as 8 hex digits (201), else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(@JsonProperty("status") int status, @JsonProperty("code") String code,
                         @JsonProperty("error") String error, @JsonProperty("size") Long size,
                         @JsonProperty("eTag") String eTag) {
    }

    /** The whole answer: {@code {"results":[...]}}. */
    public record Response(@JsonProperty("results") List<Result> results) {
    }
}
