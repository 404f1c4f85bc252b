package io.hayloft.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server on 127.0.0.1 that answers as each test scripts it, and records every request
 * it saw: the base of every role stand-in in {@link io.hayloft.testkit.roles}. Thread-safe; each
 * request is answered on its own virtual thread.
 */
public final class FakeHttpServer implements AutoCloseable {
    /** One request as received; header names as the JDK server normalises them ({@code Content-type}). */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        /** The query parameters, percent-decoded: the first value of each, in the order sent. */
        public Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            if (query != null) {
                for (String pair : query.split("&")) {
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
    }

    /** The scripted answer to a request. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public static Answer json(int status, String json) {
            return new Answer(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }

        public static Answer bytes(int status, Map<String, String> headers, byte[] body) {
            return new Answer(status, headers, body);
        }
    }

    /** Decides the answer to one request. */
    public interface Route {
        Answer answer(Request request);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<InetSocketAddress> clients = ConcurrentHashMap.newKeySet();

    /** Listens on an ephemeral port of 127.0.0.1. */
    public FakeHttpServer() {
        this(0);
    }

    /** Listens on {@code port} of 127.0.0.1 (0: an ephemeral one), e.g. to come back where a stopped one was. */
    public FakeHttpServer(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code host:port} as servers hand it out. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers requests whose path starts with {@code prefix} (the longest matching prefix wins). */
    public FakeHttpServer on(String prefix, Route route) {
        routes.put(prefix, route);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requestsTo(String prefix) {
        return requests.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    /** How many distinct client connections (remote address and port) sent requests so far. */
    public int connections() {
        return clients.size();
    }

    /** An address where nothing listens: connecting is refused. */
    public static String deadAddress() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            clients.add(exchange.getRemoteAddress());
            Route route = routes.entrySet().stream()
                    .filter(e -> request.path().startsWith(e.getKey()))
                    .max(Map.Entry.comparingByKey(Comparator.comparingInt(String::length)))
                    .map(Map.Entry::getValue)
                    .orElse(r -> Answer.json(404, "{\"error\":\"no route for " + r.path() + "\"}"));
            Answer answer = route.answer(request);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                exchange.getResponseBody().write(answer.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
