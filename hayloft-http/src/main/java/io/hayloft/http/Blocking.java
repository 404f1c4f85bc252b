package io.hayloft.http;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs blocking request work (disk, Raft, outbound calls) on a virtual thread so event loops never
 * block. Any exception the work throws becomes a JSON error response.
 */
public final class Blocking {
    private static final ExecutorService VIRTUAL = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("hayloft-req-", 0).factory());

    private Blocking() {
    }

    /** Work that handles one request and writes its response itself. */
    @FunctionalInterface
    public interface Work {
        void run(RoutingContext ctx) throws Exception;
    }

    /** Wraps {@code work} as a route handler that runs it on a virtual thread. */
    public static io.vertx.core.Handler<RoutingContext> handler(Work work) {
        return ctx -> handle(ctx, work);
    }

    /** Runs {@code work} for {@code ctx} on a virtual thread. */
    public static void handle(RoutingContext ctx, Work work) {
        VIRTUAL.execute(() -> {
            try {
                work.run(ctx);
            } catch (Throwable t) {
                try {
                    Responses.fail(ctx, t);
                } catch (RuntimeException raced) {
                    // the response changed under the error path (the event loop ended or closed it meanwhile):
                    // nothing more to send, and nothing may escape this thread
                    ctx.response().reset();
                }
            }
        });
    }

    /** The shared virtual-thread executor, for background work that is not a request. */
    public static ExecutorService executor() {
        return VIRTUAL;
    }
}
