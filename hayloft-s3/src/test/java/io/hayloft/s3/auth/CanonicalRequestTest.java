package io.hayloft.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Header values in the canonical request: trimmed, inner white space collapsed as SigV4 says. */
class CanonicalRequestTest {
    @Test
    void collapsesWhiteSpaceAsTheRegexOfTheSpecificationDoes() {
        assertThat(CanonicalRequest.collapse("  a   b\t\tc \n d  ")).isEqualTo("a b c d");
        assertThat(CanonicalRequest.collapse("plain value")).isEqualTo("plain value");
        assertThat(CanonicalRequest.collapse("a\tb")).isEqualTo("a b");
        assertThat(CanonicalRequest.collapse("   ")).isEmpty();
        char[] alphabet = {'a', 'b', ' ', '\t', '\n', '\u000B', '\f', '\r', '\u00a0', '\u2003', ','};
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String v = s.toString();
            assertThat(CanonicalRequest.collapse(v)).as("'%s'", v).isEqualTo(v.strip().replaceAll("\\s+", " "));
        }
    }
}
