package io.hayloft.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * The server's request handler in front of the router: a request {@link MalformedRequests#problem}
 * refuses (bad escapes in the path or query, no {@code Host} on HTTP/1.1) is answered 400 JSON here,
 * because the router would throw on it from places that have no error path; a body whose framing
 * breaks is answered 400 JSON unless the route's handler reads the body itself. Runs on the event loop;
 * never blocks.
 */
final class RequestGate implements Handler<HttpServerRequest> {
    private final Handler<HttpServerRequest> next;

    RequestGate(Handler<HttpServerRequest> next) {
        this.next = next;
    }

    @Override
    public void handle(HttpServerRequest req) {
        String problem = MalformedRequests.problem(req);
        if (problem != null) {
            MalformedRequests.answer(req, 400, problem);
            return;
        }
        // A body whose framing breaks (a bad chunk size) fails the request; a handler that reads the
        // body replaces this with its own, one that does not (a GET) leaves it to answer 400 here.
        req.exceptionHandler(t -> {
            if (MalformedRequests.isDecodeFailure(t)) {
                MalformedRequests.answer(req, 400, "malformed request body: " + MalformedRequests.describe(t));
            }
        });
        next.handle(req);
    }
}
