package io.hayloft.s3.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderTextTest {
    /** What the HTTP server hands over for {@code bytes}: one char per byte. */
    private static String received(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void utf8BytesAreReadAsTheTextTheClientSigned() {
        assertThat(HeaderText.decode(received("Hello World\u00e9".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("Hello World\u00e9");
        assertThat(HeaderText.decode(received("\u6f22\u5b57".getBytes(StandardCharsets.UTF_8)))).isEqualTo("\u6f22\u5b57");
    }

    @Test
    void latin1BytesThatAreNotUtf8StayAsTheyCame() {
        assertThat(HeaderText.decode(received(new byte[] {'c', 'a', 'f', (byte) 0xE9}))).isEqualTo("caf\u00e9");
        assertThat(HeaderText.decode("plain ascii")).isEqualTo("plain ascii");
        assertThat(HeaderText.decode(null)).isNull();
    }

    @Test
    void textBeyondOneBytePerCharGoesOutRfc2047Encoded() {
        assertThat(HeaderText.encode("caf\u00e9")).isEqualTo("caf\u00e9");
        assertThat(HeaderText.encode("\u6f22")).isEqualTo("=?UTF-8?B?5ryi?=");
    }
}
