package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /<path>?op=compose} ({@link FilerApi#WRITE}, {@link FilerApi#OP_COMPOSE}): the
 * files whose bytes, in this order, become the file at the path (their chunks are taken over, nothing is
 * copied, and they are removed), and its MIME type (empty: none).
 */
public record FilerComposeRequest(@JsonProperty("sources") List<String> sources, @JsonProperty("mime") String mime) {
    public FilerComposeRequest {
        sources = sources == null ? List.of() : List.copyOf(sources);
        mime = mime == null ? "" : mime;
    }
}
