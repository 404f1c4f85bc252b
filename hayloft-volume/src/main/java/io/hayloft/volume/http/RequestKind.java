package io.hayloft.volume.http;

import io.hayloft.api.HayloftException;
import io.hayloft.http.Params;
import io.vertx.ext.web.RoutingContext;

/** Reads the {@code type} query parameter of needle requests: empty, or {@code replicate} for a peer's copy. */
final class RequestKind {
    private RequestKind() {
    }

    /**
     * @return true for {@code type=replicate}
     * @throws HayloftException {@code BAD_REQUEST} for any other non-empty {@code type}
     */
    static boolean isReplicaCopy(RoutingContext ctx) {
        String type = Params.string(ctx, "type", "");
        HayloftException.checkArgument(type.isEmpty() || type.equals("replicate"),
                "parameter 'type' must be 'replicate' or absent, got '" + type + "'");
        return type.equals("replicate");
    }
}
