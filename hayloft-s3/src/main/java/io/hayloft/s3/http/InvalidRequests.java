package io.hayloft.s3.http;

import io.hayloft.s3.xml.XmlWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Answers what Netty could not decode as HTTP (a bad request line, oversized headers) with an S3 XML 400, and closes. */
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
}
