package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.filer.FilerException;
import io.hayloft.s3.xml.XmlWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes S3 answers: XML documents and XML errors
 * ({@code <Error><Code/><Message/><Resource/><RequestId/>...</Error>}), the one place failures become
 * responses. Safe from any thread; a response already sent is left alone.
 */
final class S3Responses {
    private static final Logger LOG = LoggerFactory.getLogger(S3Responses.class);

    private S3Responses() {
    }

    /** Sends {@code xml} with {@code status}. */
    static void xml(S3Exchange ex, int status, byte[] xml) {
        if (ex.response.handedOver()) {
            return;
        }
        ex.response.putHeader("Content-Type", "application/xml");
        body(ex, status, xml);
    }

    /** Sends {@code body} with {@code status} and the Content-Type already set. */
    static void body(S3Exchange ex, int status, byte[] body) {
        S3Response r = ex.response;
        if (r.handedOver()) {
            return;
        }
        r.setStatusCode(status).putHeader("Content-Length", Integer.toString(body.length)).end(Buffer.buffer(body));
    }

    /** Sends an empty answer with {@code status}. */
    static void empty(S3Exchange ex, int status) {
        S3Response r = ex.response;
        if (r.handedOver()) {
            return;
        }
        r.setStatusCode(status).putHeader("Content-Length", "0").end();
    }

    /** Maps any failure to an S3 error: S3 codes as they are, the filer's to ServiceUnavailable, the rest to InternalError. */
    static void fail(S3Exchange ex, Throwable t) {
        S3Exception e = asS3(t);
        if (e.code().status() >= 500 && !(t instanceof S3Response.Preempted)) {
            LOG.warn("{} {} failed: {}", ex.request.method(), ex.request.uri(), e.getMessage(),
                    e.code() == S3ErrorCode.INTERNAL_ERROR ? t : null);
        }
        error(ex, e);
    }

    static S3Exception asS3(Throwable t) {
        Throwable c = t;
        while (c != null) {
            if (c instanceof S3Exception s3) {
                return s3;
            }
            c = c.getCause();
        }
        if (t instanceof FilerException fe) {
            return new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "the filer is unavailable: " + fe.getMessage(), fe);
        }
        return new S3Exception(S3ErrorCode.INTERNAL_ERROR, "We encountered an internal error. Please try again.", t);
    }

    /** Sends {@code e} as an S3 XML error (headers only for HEAD). */
    static void error(S3Exchange ex, S3Exception e) {
        S3Response r = ex.response;
        if (r.handedOver()) {
            // the answer was under way (or another one was given): only a broken connection tells the client
            // it is short
            r.breakOff();
            return;
        }
        clearObjectHeaders(r);
        if (!ex.request.isEnded()) {
            r.putHeader("Connection", "close"); // the rest of an unread body is not worth reading
        }
        if (ex.request.method() == HttpMethod.HEAD) {
            r.setStatusCode(e.code().status()).putHeader("x-amz-error-code", e.code().code()).end();
            return;
        }
        XmlWriter w = XmlWriter.document("Error", false)
                .element("Code", e.code().code())
                .element("Message", e.getMessage() == null ? e.code().code() : e.getMessage());
        for (Map.Entry<String, String> d : e.details().entrySet()) {
            w.element(d.getKey(), d.getValue());
        }
        w.element("Resource", ex.resource()).element("RequestId", ex.requestId);
        xml(ex, e.code().status(), w.finish());
    }

    private static final java.util.Set<String> OBJECT_HEADERS = java.util.Set.of("etag", "last-modified",
            "content-range", "accept-ranges", "content-length", "content-type", "cache-control", "expires",
            "content-disposition", "content-encoding", "content-language", "x-amz-tagging-count",
            "x-amz-mp-parts-count");

    private static void clearObjectHeaders(S3Response r) {
        r.removeHeaders(n -> OBJECT_HEADERS.contains(n.toLowerCase(java.util.Locale.ROOT))
                || n.regionMatches(true, 0, "x-amz-meta-", 0, 11));
    }
}
