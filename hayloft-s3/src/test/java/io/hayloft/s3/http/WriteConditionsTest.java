package io.hayloft.s3.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.ObjectInfo;
import io.hayloft.s3.xml.TagSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WriteConditionsTest {
    private final AtomicReference<Optional<ObjectInfo>> current = new AtomicReference<>(Optional.empty());

    private static ObjectInfo object(String md5) {
        return new ObjectInfo("k", 1, "\"" + md5 + "\"", Instant.EPOCH, "text/plain", Map.of(), "\"" + md5 + "\"",
                TagSet.EMPTY, List.of(), "null", "/buckets/b/k", "");
    }

    private Runnable condition(Map<String, String> headers) {
        return WriteConditions.of(headers::get, current::get);
    }

    private static void assertCode(Runnable call, S3ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void noConditionHeadersAskNoCheck() {
        assertThat(condition(Map.of())).isNull();
    }

    @Test
    void ifNoneMatchStarHoldsOnlyWhileTheKeyDoesNotExist() {
        Runnable c = condition(Map.of("If-None-Match", "*"));
        c.run();
        current.set(Optional.of(object("aa")));
        assertCode(c, S3ErrorCode.PRECONDITION_FAILED);
    }

    @Test
    void ifNoneMatchAnETagRefusesOnlyThatVersion() {
        Runnable c = condition(Map.of("If-None-Match", "\"aa\""));
        c.run();
        current.set(Optional.of(object("bb")));
        c.run();
        current.set(Optional.of(object("aa")));
        assertCode(c, S3ErrorCode.PRECONDITION_FAILED);
    }

    @Test
    void ifMatchHoldsOnlyForTheNamedETag() {
        Runnable c = condition(Map.of("If-Match", "\"aa\""));
        assertCode(c, S3ErrorCode.NO_SUCH_KEY);
        current.set(Optional.of(object("aa")));
        c.run();
        condition(Map.of("If-Match", "aa")).run();
        current.set(Optional.of(object("bb")));
        assertCode(c, S3ErrorCode.PRECONDITION_FAILED);
    }
}
