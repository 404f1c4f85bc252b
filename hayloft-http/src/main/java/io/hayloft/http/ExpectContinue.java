package io.hayloft.http;

import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a client's {@code Expect: 100-continue} (RFC 9110 §10.1.1) once a handler has decided to read the
 * body. curl sends it on every upload over 1 MiB and the AWS SDKs on every PUT; a server that stays silent
 * makes the client wait (curl one second) before it sends the body. A request refused before its body is
 * read (too large, not allowed) gets its final answer instead, and the client never sends the body.
 *
 * <p>Call on the request's event loop.
 */
public final class ExpectContinue {
    private ExpectContinue() {
    }

    /**
     * Sends {@code 100 Continue} when {@code request} asks for it, its body has not ended and no answer has
     * started; does nothing otherwise. Call it once per request, where the handler starts reading the body (not
     * on a server that answers 100-continue by itself, as the S3 gateway's does).
     */
    public static void accept(HttpServerRequest request) {
        if (!request.isEnded() && !request.response().headWritten()
                && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue();
        }
    }
}
