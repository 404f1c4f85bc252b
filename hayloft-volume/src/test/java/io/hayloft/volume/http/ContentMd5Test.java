package io.hayloft.volume.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentMd5Test {
    private static final byte[] DATA = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsAMatchingOrAbsentDigest() {
        assertThatCode(() -> UploadHandler.checkMd5("XUFAKrxLKna5cZ2REBfFkg==", DATA)).doesNotThrowAnyException();
        assertThatCode(() -> UploadHandler.checkMd5(null, DATA)).doesNotThrowAnyException();
    }

    @Test
    void rejectsAMismatchOrGarbage() {
        assertThatThrownBy(() -> UploadHandler.checkMd5("AAAAAAAAAAAAAAAAAAAAAA==", DATA))
                .isInstanceOf(HayloftException.class).hasMessageContaining("mismatch");
        assertThatThrownBy(() -> UploadHandler.checkMd5("***", DATA))
                .isInstanceOf(HayloftException.class).hasMessageContaining("base64");
    }
}
