package io.hayloft.cli.shell;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A master (or volume server) stand-in for the shell's tests: a Vert.x {@link Router} on
 * 127.0.0.1 answering each scripted {@code METHOD path} with canned JSON (scripting a call again
 * replaces its answer), recording every request it sees. An unscripted call gets 404.
 */
final class FakeMaster implements AutoCloseable {
    /** One request as received: its query parameters (first value of each) in order. */
    record Call(String method, String path, Map<String, String> params) {
        /** The parameters as {@code a=1&b=2}, in the order sent. */
        String query() {
            StringBuilder sb = new StringBuilder();
            params.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(k).append('=').append(v));
            return sb.toString();
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final Router router = Router.router(vertx);
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Call, Answer>> answers = new ConcurrentHashMap<>();

    FakeMaster() throws Exception {
        router.route().handler(this::answer);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** {@code host:port}. */
    String address() {
        return "127.0.0.1:" + server.actualPort();
    }

    /** Answers {@code method path} with 200 and {@code json}. */
    FakeMaster on(String method, String path, String json) {
        return on(method, path, 200, json);
    }

    /** Answers {@code method path} with {@code status} and {@code json}. */
    FakeMaster on(String method, String path, int status, String json) {
        return on(method, path, call -> new Answer(status, json));
    }

    /** Answers {@code method path} as {@code answer} decides from the request. */
    FakeMaster on(String method, String path, Function<Call, Answer> answer) {
        answers.put(HttpMethod.valueOf(method).name() + " " + path, answer);
        return this;
    }

    /** Every request so far, in order. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The requests to exactly {@code path}. */
    List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void answer(RoutingContext ctx) {
        Call call = callOf(ctx);
        calls.add(call);
        Function<Call, Answer> scripted = answers.get(call.method() + " " + call.path());
        Answer a = scripted == null ? new Answer(404, "{\"error\":\"nothing scripted for " + call.method() + " "
                + call.path() + "\"}") : scripted.apply(call);
        ctx.response().setStatusCode(a.status()).putHeader("Content-Type", "application/json").end(a.json());
    }

    private static Call callOf(RoutingContext ctx) {
        Map<String, String> params = new LinkedHashMap<>();
        ctx.queryParams().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
        return new Call(ctx.request().method().name(), ctx.request().path(), params);
    }

    /** A canned answer. */
    record Answer(int status, String json) {
        static Answer ok(String json) {
            return new Answer(200, json);
        }
    }
}
