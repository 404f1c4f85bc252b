package io.hayloft.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {
    @Test
    void readsAQuotedFileName() {
        assertThat(ContentDisposition.fileName("inline; filename=\"a b.txt\"")).isEqualTo("a b.txt");
    }

    @Test
    void readsAnUnquotedFileName() {
        assertThat(ContentDisposition.fileName("attachment; filename=a.txt")).isEqualTo("a.txt");
    }

    @Test
    void prefersTheExtendedUtf8Form() {
        assertThat(ContentDisposition.fileName("inline; filename=\"fallback.txt\"; filename*=UTF-8''%E6%96%87+1.txt"))
                .isEqualTo("文+1.txt");
    }

    @Test
    void noFileNameIsNull() {
        assertThat(ContentDisposition.fileName("inline")).isNull();
        assertThat(ContentDisposition.fileName("inline; filename=\"\"")).isNull();
        assertThat(ContentDisposition.fileName(null)).isNull();
    }
}
