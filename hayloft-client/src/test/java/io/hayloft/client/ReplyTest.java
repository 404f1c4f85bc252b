package io.hayloft.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ErrorCode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyTest {
    private static Reply reply(int status, Map<String, List<String>> headers, String body) {
        return new Reply(URI.create("http://127.0.0.1:9333/dir/assign?count=1"), status,
                HttpHeaders.of(headers, (k, v) -> true), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void statusesMapToTheCodesServersAnswerThemFor() {
        assertThat(Reply.codeOf(400)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(Reply.codeOf(403)).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(Reply.codeOf(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(Reply.codeOf(406)).isEqualTo(ErrorCode.NOT_ACCEPTABLE);
        assertThat(Reply.codeOf(409)).isEqualTo(ErrorCode.CONFLICT);
        assertThat(Reply.codeOf(413)).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(Reply.codeOf(416)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(Reply.codeOf(500)).isEqualTo(ErrorCode.INTERNAL);
        assertThat(Reply.codeOf(503)).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void errorMessageIsTheServersTextAndWhereItCameFrom() {
        assertThat(reply(406, Map.of(), "{\"error\":\"No free volumes left!\"}").toException(new Json()))
                .hasMessage("No free volumes left! (HTTP 406 from http://127.0.0.1:9333/dir/assign)");
    }

    @Test
    void plainTextErrorBodyIsShownAsIs() {
        assertThat(reply(502, Map.of(), "Bad Gateway\n").toException(new Json()))
                .hasMessage("Bad Gateway (HTTP 502 from http://127.0.0.1:9333/dir/assign)");
    }

    @Test
    void emptyErrorBodyNamesTheStatus() {
        assertThat(reply(500, Map.of(), "").toException(new Json()))
                .hasMessage("HTTP 500 from http://127.0.0.1:9333/dir/assign");
    }

    @Test
    void retryAfterSecondsAreRead() {
        assertThat(reply(503, Map.of("Retry-After", List.of("2")), "").retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(reply(503, Map.of("Retry-After", List.of("soon")), "").retryAfter()).isEmpty();
        assertThat(reply(503, Map.of(), "").retryAfter()).isEmpty();
    }
}
