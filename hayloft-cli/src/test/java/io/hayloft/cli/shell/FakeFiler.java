package io.hayloft.cli.shell;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A filer stand-in for the {@code fs.*} tests: a Vert.x router on 127.0.0.1 keeping files and
 * directories in memory and answering the calls {@code hayloft fs} makes (metadata, JSON listing,
 * upload, download, mkdir, move, delete) in the filer's JSON. Records {@code METHOD path} of each
 * request.
 */
final class FakeFiler implements AutoCloseable {
    private static final long GO_MODE_DIR = 1L << 31;
    private static final String MTIME = "2024-05-06T07:08:09Z";
    /** The content of a directory, told apart by identity. */
    private static final byte[] DIRECTORY = new byte[0];

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    /** Path to content, {@link #DIRECTORY} for a directory. */
    private final NavigableMap<String, byte[]> entries = new ConcurrentSkipListMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    FakeFiler() throws Exception {
        entries.put("/", DIRECTORY);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.route().blockingHandler(this::handle);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String address() {
        return "127.0.0.1:" + server.actualPort();
    }

    /** {@code METHOD path} of every request, path decoded. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    void putFile(String path, String content) {
        mkdirs(parent(path));
        entries.put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    void mkdirs(String path) {
        for (String p = path; !entries.containsKey(p); p = parent(p)) {
            entries.put(p, DIRECTORY);
        }
    }

    boolean exists(String path) {
        return entries.containsKey(path);
    }

    String content(String path) {
        return new String(entries.get(path), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void handle(RoutingContext ctx) {
        String raw = URLDecoder.decode(ctx.request().path().replace("+", "%2B"), StandardCharsets.UTF_8);
        String path = raw.length() > 1 && raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        String method = ctx.request().method().name();
        requests.add(method + " " + raw);
        switch (method) {
            case "GET" -> get(ctx, raw, path);
            case "PUT" -> {
                mkdirs(parent(path));
                entries.put(path, ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
                json(ctx, 201, "{}");
            }
            case "POST" -> post(ctx, raw, path);
            case "DELETE" -> delete(ctx, path);
            default -> json(ctx, 405, "{\"error\":\"method\"}");
        }
    }

    private void get(RoutingContext ctx, String raw, String path) {
        byte[] content = entries.get(path);
        if (content == null) {
            json(ctx, 404, "{\"error\":\"" + path + " not found\"}");
        } else if ("true".equals(ctx.request().getParam("metadata"))) {
            json(ctx, 200, entry(path));
        } else if (raw.endsWith("/") && content == DIRECTORY) {
            String last = ctx.request().getParam("lastFileName", "");
            int limit = Integer.parseInt(ctx.request().getParam("limit", "1000"));
            List<String> listed = new ArrayList<>();
            for (String child : children(path)) {
                if (listed.size() < limit && name(child).compareTo(last) > 0) {
                    listed.add(entry(child));
                }
            }
            json(ctx, 200, "{\"Path\":\"" + path + "\",\"Entries\":[" + String.join(",", listed) + "]}");
        } else {
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/octet-stream")
                    .end(Buffer.buffer(content));
        }
    }

    private void post(RoutingContext ctx, String raw, String path) {
        String from = ctx.request().getParam("mv.from");
        if (from != null) {
            String target = entries.get(path) == DIRECTORY ? child(path, name(from)) : path;
            for (Map.Entry<String, byte[]> e : List.copyOf(entries.tailMap(from, true).entrySet())) {
                if (e.getKey().equals(from) || e.getKey().startsWith(from + "/")) {
                    entries.remove(e.getKey());
                    entries.put(target + e.getKey().substring(from.length()), e.getValue());
                }
            }
            json(ctx, 200, "{}");
        } else if (raw.endsWith("/")) {
            mkdirs(path);
            json(ctx, 201, "{}");
        } else {
            json(ctx, 400, "{\"error\":\"unsupported\"}");
        }
    }

    private void delete(RoutingContext ctx, String path) {
        if (!entries.containsKey(path)) {
            json(ctx, 404, "{\"error\":\"not found\"}");
            return;
        }
        if (!children(path).isEmpty() && !"true".equals(ctx.request().getParam("recursive"))) {
            json(ctx, 409, "{\"error\":\"directory not empty\"}");
            return;
        }
        entries.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "/"));
        json(ctx, 204, "");
    }

    private List<String> children(String directory) {
        return entries.keySet().stream().filter(p -> !p.equals("/") && parent(p).equals(directory)).toList();
    }

    private String entry(String path) {
        boolean dir = entries.get(path) == DIRECTORY;
        return "{\"FullPath\":\"" + path + "\",\"Mode\":" + (dir ? GO_MODE_DIR | 0755 : 0644) + ",\"FileSize\":"
                + (dir ? 0 : entries.get(path).length) + ",\"Mtime\":\"" + MTIME + "\"}";
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String child(String directory, String name) {
        return directory.equals("/") ? "/" + name : directory + "/" + name;
    }
}
