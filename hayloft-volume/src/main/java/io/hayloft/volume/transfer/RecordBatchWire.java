package io.hayloft.volume.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.NeedleRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /internal/needle/batch} ({@link NeedleTransfer}): the records of any volumes a primary
 * sends one peer in one call, and the answer, one result per record.
 *
 * <p>The body is frames back to back, each a volume id and one record of that volume exactly as appended:
 * <pre>
 *   offset  size  field
 *   0       4     volume id, unsigned, big-endian
 *   4       n     the needle record ({@link NeedleRecord}; its header gives n, a multiple of 8)
 * </pre>
 * The answer is JSON, one {@link Result} per frame in the order the frames came, each what
 * {@code POST /internal/needle/replicate} would have answered for that record alone.
 */
public final class RecordBatchWire {
    /** Bytes of the volume id before each record. */
    public static final int VOLUME_ID_BYTES = 4;

    private RecordBatchWire() {
    }

    /** One record of a batch and the volume it is of. */
    public record Frame(VolumeId volume, NeedleRecord record) {
        /** The frame's length on the wire, bytes. */
        public int length() {
            return VOLUME_ID_BYTES + record.length();
        }
    }

    /**
     * The body of a batch of {@code frames}: for each, its volume id (a new 4-byte buffer) then its record's
     * bytes as they are (not copied).
     */
    public static ByteBuffer[] encode(List<Frame> frames) {
        ByteBuffer[] parts = new ByteBuffer[frames.size() * 2];
        for (int i = 0; i < frames.size(); i++) {
            parts[2 * i] = ByteBuffer.allocate(VOLUME_ID_BYTES).putInt(0, frames.get(i).volume().value());
            parts[2 * i + 1] = frames.get(i).record().bytes();
        }
        return parts;
    }

    /**
     * Splits a batch's body (position to limit) into its frames, every record checked as
     * {@link NeedleRecord#parse(ByteBuffer)} does. Nothing is copied.
     *
     * @return the frames in order; at least one
     * @throws HayloftException {@code BAD_REQUEST} if the body is empty, a volume id is 0, or a frame is cut
     *                          short or invalid (the message gives the frame's index and offset)
     */
    public static List<Frame> parse(ByteBuffer body) {
        HayloftException.checkArgument(body != null && body.hasRemaining(), "at least one needle record is required");
        ByteBuffer all = body.slice();
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        while (at < all.limit()) {
            int index = frames.size();
            if (all.limit() - at < VOLUME_ID_BYTES) {
                throw HayloftException.badRequest("frame " + index + " at byte " + at + " is cut short");
            }
            int volume = all.getInt(at);
            if (volume == 0) {
                throw HayloftException.badRequest("frame " + index + " at byte " + at + " names volume 0");
            }
            NeedleRecord record = NeedleRecord.parseAt(all, at + VOLUME_ID_BYTES, index);
            frames.add(new Frame(VolumeId.of(volume), record));
            at += VOLUME_ID_BYTES + record.length();
        }
        return frames;
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
