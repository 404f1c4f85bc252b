package io.hayloft.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {
    @Test
    void readsQuotedAndBareFileNames() {
        assertThat(ContentDisposition.fileName("inline; filename=\"a b.txt\"")).hasValue("a b.txt");
        assertThat(ContentDisposition.fileName("attachment; filename=plain.pdf")).hasValue("plain.pdf");
        assertThat(ContentDisposition.fileName("form-data; name=\"file\"; filename=\"x;y.txt\"")).hasValue("x;y.txt");
    }

    @Test
    void prefersTheExtendedUtf8FileName() {
        assertThat(ContentDisposition.fileName("inline; filename=\"_.txt\"; filename*=UTF-8''%E4%BD%A0.txt"))
                .hasValue("你.txt");
    }

    @Test
    void isEmptyWithoutAFileName() {
        assertThat(ContentDisposition.fileName(null)).isEmpty();
        assertThat(ContentDisposition.fileName("inline")).isEmpty();
        assertThat(ContentDisposition.fileName("inline; filename=\"\"")).isEmpty();
    }

    @Test
    void formattedValuesReadBackToTheSameName() {
        for (String name : new String[]{"test.json", "你好.txt", "quote\"d.txt", "a b+c.txt"}) {
            assertThat(ContentDisposition.fileName(ContentDisposition.format("inline", name))).hasValue(name);
        }
        assertThat(ContentDisposition.format("attachment", "a.txt")).isEqualTo("attachment; filename=\"a.txt\"");
    }
}
