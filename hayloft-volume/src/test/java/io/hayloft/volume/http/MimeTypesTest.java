package io.hayloft.volume.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MimeTypesTest {
    @Test
    void guessesFromTheExtension() {
        assertThat(MimeTypes.guess("photo.JPG")).hasValue("image/jpeg");
        assertThat(MimeTypes.guess(".json")).hasValue("application/json");
        assertThat(MimeTypes.guess("a.b.pdf")).hasValue("application/pdf");
    }

    @Test
    void knowsNothingWithoutAnExtension() {
        assertThat(MimeTypes.guess(null)).isEmpty();
        assertThat(MimeTypes.guess("README")).isEmpty();
        assertThat(MimeTypes.guess("trailing.")).isEmpty();
        assertThat(MimeTypes.guess("x.unknownext")).isEmpty();
    }
}
