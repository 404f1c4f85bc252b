package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MalformedRequestsTest {
    @Test
    void wellFormedPathsPass() {
        for (String path : new String[] {"/", "/dir/assign", "/3,01637037d6", "/3/01637037d6/name.jpg", "/a%20b",
                "/%E2%82%AC", "/docs/caf%c3%a9.txt", "/%41dmin", "//dir/assign", "/x/../y"}) {
            assertThat(MalformedRequests.pathProblem(path)).as(path).isNull();
        }
    }

    @Test
    void badEscapesControlCharactersAndBrokenUtf8AreRefused() {
        for (String path : new String[] {"/%zz", "/%", "/%4", "/a%00b", "/%0a", "/%7f", "/%e2%82", "/%c3%28", "x/y", "",
                "/a\u0001b"}) {
            assertThat(MalformedRequests.pathProblem(path)).as(path).isNotNull();
        }
    }

    @Test
    void decoderFailuresAreTheClientsFault() {
        assertThat(MalformedRequests.isDecodeFailure(new DecoderException("bad"))).isTrue();
        assertThat(MalformedRequests.isDecodeFailure(new IOException("body broke", new DecoderException("bad")))).isTrue();
        assertThat(MalformedRequests.isDecodeFailure(new IllegalStateException("a bug"))).isFalse();
        assertThat(MalformedRequests.isDecodeFailure(new IOException("connection reset"))).isFalse();
    }
}
