package io.hayloft.s3.http;

import io.hayloft.http.BodyInputStream;
import io.hayloft.s3.auth.Authentication;
import io.hayloft.s3.auth.QueryString;
import io.hayloft.s3.auth.SignedRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One S3 request as the handlers see it: the Vert.x request, the answer being built ({@link S3Response}), its id, its body as a
 * stream, the bucket and key its path names (path-style: {@code /bucket/key}) and, once verified,
 * who sent it. Used by the one virtual thread that handles the request.
 */
final class S3Exchange {
    final HttpServerRequest request;
    /** The answer, built here and handed to Vert.x on the event loop ({@link S3Response}). */
    final S3Response response;
    final String requestId;
    final BodyInputStream body;
    final String bucket;
    final String key;
    final List<Map.Entry<String, String>> query;
    /** Where the client sent the request (behind a proxy: where it sent it to the proxy). */
    final ClientHost client;
    /** Whether the bucket came from the host ({@code bucket.domain}) rather than the path. */
    final boolean virtualHost;
    Authentication auth;

    private S3Exchange(HttpServerRequest request, Context eventLoop, String requestId, BodyInputStream body,
                       String bucket, String key, List<Map.Entry<String, String>> query, ClientHost client,
                       boolean virtualHost) {
        this.request = request;
        this.client = client;
        this.virtualHost = virtualHost;
        this.response = new S3Response(request.response(), eventLoop);
        this.requestId = requestId;
        this.body = body;
        this.bucket = bucket;
        this.key = key;
        this.query = query;
    }

    /**
     * Parses the path and query of {@code request}, whose answer goes out on {@code eventLoop}.
     *
     * @throws io.hayloft.s3.error.S3Exception InvalidArgument for malformed escapes
     */
    static S3Exchange of(HttpServerRequest request, Context eventLoop, String requestId, BodyInputStream body,
                         io.hayloft.s3.Addressing addressing) {
        ClientHost client = ClientHost.of(request, addressing);
        String raw = request.path();
        String path = raw.startsWith("/") ? raw.substring(1) : raw;
        java.util.Optional<String> hostBucket = addressing.bucketOf(client.host());
        if (hostBucket.isPresent()) {
            return new S3Exchange(request, eventLoop, requestId, body, hostBucket.get(), QueryString.decode(path),
                    QueryString.parse(request.query()), client, true);
        }
        int slash = path.indexOf('/');
        String bucket = QueryString.decode(slash < 0 ? path : path.substring(0, slash));
        String key = slash < 0 ? "" : QueryString.decode(path.substring(slash + 1));
        return new S3Exchange(request, eventLoop, requestId, body, bucket, key, QueryString.parse(request.query()),
                client, false);
    }

    /** An exchange with no bucket or key, for answering a request whose path could not be parsed. */
    static S3Exchange unparsed(HttpServerRequest request, Context eventLoop, String requestId, BodyInputStream body) {
        return new S3Exchange(request, eventLoop, requestId, body, "", "", List.of(),
                new ClientHost(String.valueOf(request.getHeader("Host")), "http"), false);
    }

    /** The request as its signature covers it: its host the one the client sent it to ({@link ClientHost}). */
    SignedRequest signed() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>()).add(HeaderText.decode(h.getValue())));
        headers.put("host", List.of(client.host()));
        return new SignedRequest(request.method().name(), request.path(), query, headers, virtualHost ? bucket : "");
    }

    /** The URL of object {@code key} of this request's bucket as the client addresses it (answers' Location). */
    String url(String objectKey) {
        String path = "/" + io.hayloft.s3.auth.SigV4.uriEncode(objectKey, true);
        return client.scheme() + "://" + client.host() + (virtualHost ? path
                : "/" + io.hayloft.s3.auth.SigV4.uriEncode(bucket, false) + path);
    }

    /** The first value of query parameter {@code name}, or null. */
    String param(String name) {
        for (Map.Entry<String, String> e : query) {
            if (e.getKey().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** True when the query names parameter {@code name} (with or without a value). */
    boolean has(String name) {
        return param(name) != null;
    }

    /** A request header ({@link HeaderText#decode decoded}), or null. */
    String header(String name) {
        return HeaderText.decode(request.getHeader(name));
    }

    /** The resource named in error bodies: the request path. */
    String resource() {
        return request.path();
    }
}
