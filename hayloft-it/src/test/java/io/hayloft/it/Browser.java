package io.hayloft.it;

import io.hayloft.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Headless Chromium (Debian's {@code chromium} package) driven over the DevTools protocol, for tests of
 * the roles' web pages: open a page, wait until a script condition holds, run script (clicks, form
 * input), set a file input, read the rendered DOM, save a screenshot, and collect every JavaScript
 * exception and console or log error the page produced.
 *
 * <p>The binary is {@code /usr/bin/chromium}, or the system property {@code hayloft.chromium}; a
 * missing browser fails the test with how to install it ({@code .ci/run} installs it). Flags are the
 * ones that work on this machine kind (no sandbox as root, no background networking).
 */
final class Browser implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;
    private final int port;

    private Browser(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The Chromium binary tests use. */
    static Path binary() {
        return Path.of(System.getProperty("hayloft.chromium", "/usr/bin/chromium"));
    }

    /**
     * Starts a headless Chromium with a fresh profile under {@code dir}; its own log goes to
     * {@code dir/chromium.log}.
     */
    static Browser launch(Path dir) throws IOException {
        return launch(dir, List.of());
    }

    /**
     * {@link #launch(Path)} with {@code extraFlags} too, e.g. {@code --ignore-certificate-errors-spki-list=HASH}
     * to accept a test cluster's certificate.
     */
    static Browser launch(Path dir, List<String> extraFlags) throws IOException {
        Path chromium = binary();
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("the web page tests need Chromium at " + chromium
                    + ": apt-get install -y chromium (or -Dhayloft.chromium=/path/to/chromium)");
        }
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions",
                "--mute-audio", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1280,1000",
                "--enable-logging=stderr", "--v=0"));
        command.addAll(extraFlags);
        command.add("about:blank");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile())
                .start();
        Path activePort = profile.resolve("DevToolsActivePort");
        try {
            Await.until("Chromium wrote its DevTools port", START, () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Chromium exited with " + p.exitValue() + "; see "
                            + dir.resolve("chromium.log"));
                }
                try {
                    return Files.exists(activePort) && !Files.readAllLines(activePort).isEmpty();
                } catch (IOException e) {
                    return false;
                }
            });
            return new Browser(p, Integer.parseInt(Files.readAllLines(activePort).getFirst().trim()));
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /**
     * Renders {@code url} in a one-shot headless Chromium ({@code --dump-dom}, after {@code budget} of
     * virtual time for the page's scripts and fetches) and returns the DOM it printed; its own log goes
     * to {@code dir/chromium-dump.log}.
     */
    static String dumpDom(Path dir, String url, Duration budget) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "dump-profile");
        Process p = new ProcessBuilder(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--virtual-time-budget=" + budget.toMillis(), "--dump-dom", url)
                .redirectError(dir.resolve("chromium-dump.log").toFile())
                .start();
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                out.complete(p.getInputStream().readAllBytes());
            } catch (IOException e) {
                out.completeExceptionally(e);
            }
        });
        if (!p.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium --dump-dom " + url + " did not end in " + START);
        }
        try {
            return new String(out.get(10, TimeUnit.SECONDS), java.nio.charset.StandardCharsets.UTF_8);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read chromium --dump-dom's output", e);
        }
    }

    /** Opens {@code url} in a new tab and waits for its load event. */
    Tab open(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/json/new?about:blank")).PUT(HttpRequest.BodyPublishers.noBody()).timeout(CALL).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode target = TestHttp.JSON.readTree(r.body());
            Tab tab = new Tab(target.get("id").asString(), port);
            tab.connect(target.get("webSocketDebuggerUrl").asString());
            tab.navigate(url);
            return tab;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** One tab: a DevTools session over a WebSocket. */
    static final class Tab implements AutoCloseable, WebSocket.Listener {
        private final String targetId;
        private final int port;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final List<String> problems = new CopyOnWriteArrayList<>();
        private final List<String> console = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();
        private WebSocket socket;

        private Tab(String targetId, int port) {
            this.targetId = targetId;
            this.port = port;
        }

        private void connect(String wsUrl) throws InterruptedException {
            try {
                socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(wsUrl), this).get(CALL.toSeconds(),
                        TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot connect to the tab's DevTools socket " + wsUrl, e);
            }
            call("Page.enable", Map.of());
            call("Runtime.enable", Map.of());
            call("Log.enable", Map.of());
            call("DOM.enable", Map.of());
        }

        /** Navigates to {@code url} and waits for the load event. */
        void navigate(String url) {
            loaded = new CompletableFuture<>();
            JsonNode r = call("Page.navigate", Map.of("url", url));
            if (r.has("errorText")) {
                throw new IllegalStateException("navigation to " + url + " failed: " + r.get("errorText").asString());
            }
            try {
                loaded.get(CALL.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(url + " did not load in " + CALL, e);
            }
        }

        /** Evaluates {@code expression} in the page (promises awaited); returns its value as JSON. */
        JsonNode eval(String expression) {
            JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                    "awaitPromise", true, "userGesture", true));
            if (r.has("exceptionDetails")) {
                throw new IllegalStateException("script failed: " + expression + ": " + r.get("exceptionDetails"));
            }
            JsonNode value = r.get("result").get("value");
            return value == null ? TestHttp.JSON.nullNode() : value;
        }

        /** Waits until {@code condition} (a script expression) is true, failing with {@code what}. */
        void await(String what, String condition) {
            Await.until(what + " (" + condition + "); page problems: " + problems, Duration.ofSeconds(30),
                    () -> eval("!!(" + condition + ")").asBoolean());
        }

        /** The text content of the element {@code selector} selects ("" when none does). */
        String text(String selector) {
            return eval("(function(){const e=document.querySelector(" + quote(selector)
                    + ");return e?e.textContent:'';})()").asString();
        }

        /** Clicks the element {@code selector} selects. */
        void click(String selector) {
            eval("document.querySelector(" + quote(selector) + ").click()");
        }

        /** The rendered DOM now, as HTML. */
        String dom() {
            return eval("document.documentElement.outerHTML").asString();
        }

        /** Sets the files of the file input {@code selector} selects (fires its change event). */
        void setFiles(String selector, List<Path> files) {
            int root = call("DOM.getDocument", Map.of()).get("root").get("nodeId").asInt();
            int node = call("DOM.querySelector", Map.of("nodeId", root, "selector", selector)).get("nodeId").asInt();
            call("DOM.setFileInputFiles", Map.of("nodeId", node,
                    "files", files.stream().map(f -> f.toAbsolutePath().toString()).toList()));
        }

        /** Saves a PNG of the whole page to {@code file}. */
        void screenshot(Path file) {
            JsonNode r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, Base64.getDecoder().decode(r.get("data").asString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** JavaScript exceptions and console or log errors the page produced so far. */
        List<String> problems() {
            return List.copyOf(problems);
        }

        /** Every console and log line so far. */
        List<String> console() {
            return List.copyOf(console);
        }

        static String quote(String s) {
            return TestHttp.JSON.valueToTree(s).toString();
        }

        private JsonNode call(String method, Map<String, Object> params) {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            ObjectNode msg = TestHttp.JSON.createObjectNode();
            msg.put("id", id);
            msg.put("method", method);
            msg.set("params", TestHttp.JSON.valueToTree(params));
            synchronized (this) {
                socket.sendText(msg.toString(), true).join();
            }
            try {
                JsonNode r = answer.get(CALL.toSeconds(), TimeUnit.SECONDS);
                if (r.has("error")) {
                    throw new IllegalStateException(method + " failed: " + r.get("error"));
                }
                return r.get("result");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(method + " got no answer in " + CALL, e);
            } finally {
                pending.remove(id);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(TestHttp.JSON.readTree(text));
            }
            webSocket.request(1);
            return null;
        }

        private void onMessage(JsonNode msg) {
            if (msg.has("id")) {
                CompletableFuture<JsonNode> f = pending.get(msg.get("id").asInt());
                if (f != null) {
                    f.complete(msg);
                }
                return;
            }
            String method = msg.path("method").asString("");
            JsonNode params = msg.path("params");
            switch (method) {
                case "Page.loadEventFired" -> loaded.complete(null);
                case "Runtime.exceptionThrown" -> problems.add("exception: " + params.path("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    List<String> args = new ArrayList<>();
                    params.path("args").forEach(a -> args.add(a.path("value").asString(a.path("description")
                            .asString(""))));
                    String line = "console." + params.path("type").asString() + ": " + String.join(" ", args);
                    console.add(line);
                    if (params.path("type").asString().equals("error") || params.path("type").asString().equals("assert")) {
                        problems.add(line);
                    }
                }
                case "Log.entryAdded" -> {
                    JsonNode e = params.path("entry");
                    String line = "log." + e.path("level").asString() + " (" + e.path("source").asString() + "): "
                            + e.path("text").asString() + " " + e.path("url").asString("");
                    console.add(line);
                    if (e.path("level").asString().equals("error")) {
                        problems.add(line);
                    }
                }
                default -> {
                }
            }
        }

        @Override
        public void close() {
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/close/" + targetId))
                        .timeout(CALL).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // the browser is going away anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.abort();
        }
    }
}
