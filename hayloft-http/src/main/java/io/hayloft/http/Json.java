package io.hayloft.http;

import io.hayloft.api.HayloftException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** The shared Jackson 3 mapper. Thread-safe. */
public final class Json {
    /** Mapper for every Hayloft JSON body; unknown properties are ignored so old peers can talk to new ones. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    public static byte[] write(Object value, boolean pretty) {
        return pretty ? PRETTY.writeValueAsBytes(value) : MAPPER.writeValueAsBytes(value);
    }

    public static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Reads a body; malformed JSON is a {@code BAD_REQUEST}. */
    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (JacksonException e) {
            throw HayloftException.badRequest("invalid JSON body: " + e.getOriginalMessage());
        }
    }
}
