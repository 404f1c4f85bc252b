package io.hayloft.filer.chunk;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import java.util.List;

/**
 * A chunked write that failed part-way: the chunks it had already stored are listed so the caller
 * can queue them for deletion instead of leaving them orphaned.
 */
public final class UploadAbortedException extends HayloftException {
    private final transient List<FileId> uploaded;

    UploadAbortedException(ErrorCode code, String message, Throwable cause, List<FileId> uploaded) {
        super(code, message, cause);
        this.uploaded = List.copyOf(uploaded);
    }

    /** The chunks stored before the write failed. */
    public List<FileId> uploaded() {
        return uploaded;
    }
}
