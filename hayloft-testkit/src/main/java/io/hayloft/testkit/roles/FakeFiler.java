package io.hayloft.testkit.roles;

import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import io.hayloft.testkit.http.FakeHttpServer.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A filer stand-in for the {@code fs.*} tests: a {@link FakeHttpServer} on 127.0.0.1 keeping files and
 * directories in memory and answering the calls {@code hayloft fs} makes (metadata, JSON listing,
 * upload, download with a {@code Range}, mkdir, move, delete) in the filer's JSON, errors with their
 * {@code code}. Records {@code METHOD path} of each request.
 */
public final class FakeFiler implements AutoCloseable {
    private static final long GO_MODE_DIR = 1L << 31;
    private static final String MTIME = "2024-05-06T07:08:09Z";
    /** The content of a directory, told apart by identity. */
    private static final byte[] DIRECTORY = new byte[0];

    private final FakeHttpServer server = new FakeHttpServer();
    /** Path to content, {@link #DIRECTORY} for a directory. */
    private final NavigableMap<String, byte[]> entries = new ConcurrentSkipListMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public FakeFiler() {
        entries.put("/", DIRECTORY);
        server.on("/", this::handle);
    }

    public String address() {
        return server.address();
    }

    /** {@code METHOD path} of every request, path decoded. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void putFile(String path, String content) {
        mkdirs(parent(path));
        entries.put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public void mkdirs(String path) {
        for (String p = path; !entries.containsKey(p); p = parent(p)) {
            entries.put(p, DIRECTORY);
        }
    }

    public boolean exists(String path) {
        return entries.containsKey(path);
    }

    public String content(String path) {
        return new String(entries.get(path), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }

    private Answer handle(Request request) {
        String raw = URLDecoder.decode(request.path().replace("+", "%2B"), StandardCharsets.UTF_8);
        String path = raw.length() > 1 && raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        Map<String, String> params = request.params();
        requests.add(request.method() + " " + raw);
        return switch (request.method()) {
            case "GET" -> get(request, params, raw, path);
            case "PUT" -> {
                if (entries.get(path) == DIRECTORY) {
                    yield Answer.json(409, "{\"error\":\"" + path + " is a directory\",\"code\":\"CONFLICT\"}");
                }
                mkdirs(parent(path));
                entries.put(path, request.body());
                yield Answer.json(201, "{\"name\":\"" + name(path) + "\",\"size\":" + request.body().length + "}");
            }
            case "POST" -> post(params, raw, path);
            case "DELETE" -> delete(params, path);
            default -> Answer.json(405, "{\"error\":\"method\"}");
        };
    }

    private Answer get(Request request, Map<String, String> params, String raw, String path) {
        byte[] content = entries.get(path);
        if (content == null) {
            return Answer.json(404, "{\"error\":\"" + path + " not found\",\"code\":\"NOT_FOUND\"}");
        }
        if ("true".equals(params.get("metadata"))) {
            return Answer.json(200, entry(path));
        }
        if (raw.endsWith("/") && content == DIRECTORY) {
            String last = params.getOrDefault("lastFileName", "");
            int limit = Integer.parseInt(params.getOrDefault("limit", "1000"));
            List<String> listed = new ArrayList<>();
            for (String child : children(path)) {
                int order = name(child).compareTo(last);
                if (listed.size() < limit && (order > 0 || order == 0 && "true".equals(params.get("inclusive")))) {
                    listed.add(entry(child));
                }
            }
            return Answer.json(200, "{\"Path\":\"" + path + "\",\"Entries\":[" + String.join(",", listed) + "]}");
        }
        String range = request.header("Range");
        if (range != null && range.startsWith("bytes=")) {
            return range(range.substring("bytes=".length()), content);
        }
        return Answer.bytes(200, Map.of("Content-Type", "application/octet-stream"), content);
    }

    /** {@code start-[end]} of {@code content}: 206 with the bytes (cut at the end), or 416 past the end. */
    private static Answer range(String spec, byte[] content) {
        int dash = spec.indexOf('-');
        long start = Long.parseLong(spec.substring(0, dash));
        long end = dash == spec.length() - 1 ? content.length - 1
                : Math.min(Long.parseLong(spec.substring(dash + 1)), content.length - 1);
        if (start >= content.length) {
            return Answer.json(416, "{\"error\":\"range starts past the end\",\"code\":\"BAD_REQUEST\"}");
        }
        return Answer.bytes(206, Map.of("Content-Type", "application/octet-stream",
                "Content-Range", "bytes " + start + "-" + end + "/" + content.length),
                java.util.Arrays.copyOfRange(content, (int) start, (int) end + 1));
    }

    private Answer post(Map<String, String> params, String raw, String path) {
        String from = params.get("mv.from");
        if (from != null) {
            String target = entries.get(path) == DIRECTORY ? child(path, name(from)) : path;
            for (Map.Entry<String, byte[]> e : List.copyOf(entries.tailMap(from, true).entrySet())) {
                if (e.getKey().equals(from) || e.getKey().startsWith(from + "/")) {
                    entries.remove(e.getKey());
                    entries.put(target + e.getKey().substring(from.length()), e.getValue());
                }
            }
            return Answer.json(200, "{}");
        }
        if (raw.endsWith("/")) {
            mkdirs(path);
            return Answer.json(201, "{}");
        }
        return Answer.json(400, "{\"error\":\"unsupported\"}");
    }

    private Answer delete(Map<String, String> params, String path) {
        if (!entries.containsKey(path)) {
            return Answer.json(404, "{\"error\":\"not found\"}");
        }
        if (!children(path).isEmpty() && !"true".equals(params.get("recursive"))) {
            return Answer.json(409, "{\"error\":\"directory not empty\",\"code\":\"CONFLICT\"}");
        }
        entries.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "/"));
        return Answer.json(204, "");
    }

    private List<String> children(String directory) {
        return entries.keySet().stream().filter(p -> !p.equals("/") && parent(p).equals(directory)).toList();
    }

    private String entry(String path) {
        boolean dir = entries.get(path) == DIRECTORY;
        return "{\"FullPath\":\"" + path + "\",\"Mode\":" + (dir ? GO_MODE_DIR | 0755 : 0644) + ",\"FileSize\":"
                + (dir ? 0 : entries.get(path).length) + ",\"Mtime\":\"" + MTIME + "\"}";
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
