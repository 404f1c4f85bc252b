package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.ErrorResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The client's JSON mapper: tolerant of fields it does not know, strict about the ones it reads. */
final class Json {
    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Reads a successful answer; a body that is not the expected JSON is an INTERNAL failure. */
    <T> T read(Reply reply, Class<T> type) {
        try {
            return mapper.readValue(reply.body(), type);
        } catch (JacksonException e) {
            throw unexpected(reply.uri(), reply.body());
        }
    }

    /** Reads a successful answer's {@code body} from {@code uri}; see {@link #read(Reply, Class)}. */
    <T> T read(URI uri, byte[] body, Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (JacksonException e) {
            throw unexpected(uri, body);
        }
    }

    /** {@code value} as JSON bytes. */
    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new HayloftException(ErrorCode.INTERNAL, "cannot write " + value.getClass().getSimpleName()
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** An error body as the servers send it, or null when the body is not one (plain text, empty). */
    ErrorResponse errorBody(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(body, ErrorResponse.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The {@code error} field of an error body, or the body itself when it is not JSON, or null. */
    String errorMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            ErrorResponse e = mapper.readValue(body, ErrorResponse.class);
            if (e != null && e.error() != null) {
                return e.error();
            }
        } catch (JacksonException e) {
            // Not JSON: a proxy or an older server answered in plain text; show that text.
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? null : text;
    }

    private static HayloftException unexpected(URI uri, byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return new HayloftException(ErrorCode.INTERNAL, "unexpected answer from " + uri + ": " + text);
    }
}
