package io.hayloft.volume.copy;

import java.io.IOException;

/**
 * A volume copy stream that does not follow its format ({@link CopyHeader}): bad magic, unknown
 * version, impossible lengths, a body shorter or longer than its header says. The copy is
 * abandoned and nothing of it stays installed.
 */
public final class CopyStreamException extends IOException {
    public CopyStreamException(String message) {
        super(message);
    }
}
