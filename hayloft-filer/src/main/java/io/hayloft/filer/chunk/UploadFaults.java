package io.hayloft.filer.chunk;

import io.hayloft.filer.entry.Entry;

/**
 * Named fault-injection points of {@link FileUploader}, no-ops in production ({@link #NONE}). Tests
 * throw from them to simulate a filer that dies at that step (an {@link Error} skips the uploader's
 * own clean-up, as a killed process would).
 */
public interface UploadFaults {
    /** Injects nothing. */
    UploadFaults NONE = file -> { };

    /** Called when every chunk of {@code file} is stored and its entry is about to be committed. */
    void beforeCommit(Entry file);
}
