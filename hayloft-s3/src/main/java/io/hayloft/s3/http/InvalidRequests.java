package io.hayloft.s3.http;

import io.hayloft.s3.xml.XmlWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers what Netty could not decode as HTTP (a bad request line, an HTTP version other than 1.0 and 1.1,
 * oversized headers) and a body whose framing is broken (a bad chunked encoding) with an S3 XML 4xx, and
 * closes the connection (what follows on it cannot be trusted).
 */
public final class InvalidRequests {
    private InvalidRequests() {
    }

    /** The server's invalid-request handler. */
    public static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        boolean tooLong = cause instanceof io.netty.handler.codec.TooLongFrameException;
        int status = tooLong ? 431 : 400;
        byte[] xml = XmlWriter.document("Error", false)
                .element("Code", tooLong ? "RequestHeaderSectionTooLarge" : "BadRequest")
                .element("Message", "malformed HTTP request" + (cause == null ? "" : ": " + cause.getMessage()))
                .element("Resource", "").element("RequestId", "").finish();
        request.response().setStatusCode(status).putHeader("Content-Type", "application/xml")
                .putHeader("Connection", "close").end(Buffer.buffer(xml))
                .onComplete(v -> request.connection().close());
    }

    /**
     * Answers a request whose body framing is broken (given to {@link io.hayloft.http.BodyInputStream}):
     * 400 {@code IncompleteBody} as S3 XML, then closes; only closes when an answer is already under way.
     * On the request's event loop, where a handler's own answer is handed over too ({@link S3Response}):
     * one of the two answers, never both.
     */
    public static void answerMalformedBody(HttpServerRequest request, String message) {
        var response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        byte[] xml = XmlWriter.document("Error", false).element("Code", "IncompleteBody").element("Message", message)
                .element("Resource", request.path() == null ? "" : request.path())
                .element("RequestId", String.valueOf(response.headers().get("x-amz-request-id"))).finish();
        response.setStatusCode(400).putHeader("Content-Type", "application/xml").putHeader("Connection", "close")
                .end(Buffer.buffer(xml)).onComplete(v -> request.connection().close());
    }
}
