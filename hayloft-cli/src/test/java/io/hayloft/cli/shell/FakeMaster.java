package io.hayloft.cli.shell;

import io.hayloft.client.FakeHttpServer;
import io.hayloft.client.FakeHttpServer.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A master (or volume server) stand-in for the shell's tests, on the client tests'
 * {@link FakeHttpServer}: each scripted {@code METHOD path} (the exact path) is answered with
 * canned JSON (scripting a call again replaces its answer), and every request is recorded. An
 * unscripted call gets 404.
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

    private final FakeHttpServer server = new FakeHttpServer();
    private final Map<String, Function<Call, Answer>> answers = new ConcurrentHashMap<>();

    FakeMaster() {
        server.on("/", this::answer);
    }

    /** {@code host:port}. */
    String address() {
        return server.address();
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
        answers.put(method + " " + path, answer);
        return this;
    }

    /** Every request so far, in order. */
    List<Call> calls() {
        return server.requests().stream().map(FakeMaster::callOf).toList();
    }

    /** The requests to exactly {@code path}. */
    List<Call> calls(String path) {
        return calls().stream().filter(c -> c.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.close();
    }

    private FakeHttpServer.Answer answer(Request request) {
        Call call = callOf(request);
        Function<Call, Answer> scripted = answers.get(call.method() + " " + call.path());
        Answer a = scripted == null ? new Answer(404, "{\"error\":\"nothing scripted for " + call.method() + " "
                + call.path() + "\"}") : scripted.apply(call);
        return FakeHttpServer.Answer.json(a.status(), a.json());
    }

    private static Call callOf(Request request) {
        return new Call(request.method(), request.path(), params(request));
    }

    /** A request's query parameters, decoded: the first value of each, in order. */
    static Map<String, String> params(Request request) {
        Map<String, String> params = new LinkedHashMap<>();
        if (request.query() != null) {
            for (String pair : request.query().split("&")) {
                int eq = pair.indexOf('=');
                if (!pair.isEmpty()) {
                    params.putIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)),
                            eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A canned answer. */
    record Answer(int status, String json) {
        static Answer ok(String json) {
            return new Answer(200, json);
        }
    }
}
