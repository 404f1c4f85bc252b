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
        assertThat(Reply.codeOf(401)).isEqualTo(ErrorCode.UNAUTHORIZED);
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

    /** Issue 9, item 13: two codes share 409; the body's code decides, the status only without one. */
    @Test
    void theBodysCodeWinsOverTheStatus() {
        java.net.http.HttpHeaders none = java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:8080/7,0102030405");
        Json json = new Json();
        Reply notWritable = new Reply(uri, 409, none,
                "{\"error\":\"read-only\",\"code\":\"VOLUME_NOT_WRITABLE\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(notWritable.toException(json).code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        Reply leader = new Reply(uri, 503, none, "{\"error\":\"not the leader\",\"code\":\"UNAVAILABLE\",\"leader\":\"10.0.0.2:9333\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(leader.toException(json).leader()).contains("10.0.0.2:9333");
        Reply seaweed = new Reply(uri, 409, none, "{\"error\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(seaweed.toException(json).code()).isEqualTo(ErrorCode.CONFLICT);
        Reply unknown = new Reply(uri, 409, none, "{\"error\":\"x\",\"code\":\"SOMETHING_NEW\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(unknown.toException(json).code()).isEqualTo(ErrorCode.CONFLICT);
    }
}
