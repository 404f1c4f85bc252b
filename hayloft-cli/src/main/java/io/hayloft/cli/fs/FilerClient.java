package io.hayloft.cli.fs;

import io.hayloft.api.wire.FilerApi;
import io.hayloft.api.wire.PathQuery;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filer's HTTP API as {@code hayloft fs} needs it, over the JDK {@link HttpClient}. Bodies stream
 * both ways (a file is never held in memory). Paths are filer paths ({@code /a/b}); failures are
 * {@link FsFailure}s worded for a shell user. Thread-safe.
 */
public final class FilerClient implements AutoCloseable {
    /** Entries per listing request. */
    static final int PAGE = 1000;
    private static final long GO_MODE_DIR = 1L << 31;
    private static final int BUFFER = 64 * 1024;

    private final String filer;
    private final HttpClient http;
    private final ObjectMapper json = JsonMapper.builder().build();

    /** @param filer {@code host:port} */
    public FilerClient(String filer) {
        this.filer = filer;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * The entry at {@code path}, or empty when there is none. Blocking.
     *
     * @throws FsFailure when the filer cannot be reached or answers an error
     */
    public Optional<RemoteEntry> stat(String path) {
        HttpResponse<byte[]> r = send(request(FilerApi.READ.at(path).flag(FilerApi.METADATA, true)).GET(), path);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        check(r, path);
        return Optional.of(entry(json.readTree(r.body())));
    }

    /** The entry at {@code path}; fails with "No such file or directory" when there is none. */
    RemoteEntry require(String path) {
        return stat(path).orElseThrow(() -> FsFailure.noSuchFile(path));
    }

    /** One page of {@code directory}'s children after {@code lastFileName}, in name order. */
    List<RemoteEntry> list(String directory, String lastFileName, int limit) {
        PathQuery query = FilerApi.READ.at(directory.equals("/") ? "/" : directory + "/")
                .param(FilerApi.LIMIT, limit).paramIfSet(FilerApi.LAST_FILE_NAME, lastFileName);
        HttpResponse<byte[]> r = send(request(query)
                .header("Accept", "application/json").GET(), directory);
        check(r, directory);
        List<RemoteEntry> out = new ArrayList<>();
        JsonNode entries = json.readTree(r.body()).get("Entries");
        if (entries != null) {
            entries.forEach(e -> out.add(entry(e)));
        }
        return out;
    }

    /** Every child of {@code directory} in name order, read page by page. */
    List<RemoteEntry> children(String directory) {
        List<RemoteEntry> all = new ArrayList<>();
        String last = "";
        while (true) {
            List<RemoteEntry> page = list(directory, last, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            last = page.getLast().name();
        }
    }

    /**
     * Streams local file {@code local} to {@code path} (replacing any file there).
     *
     * @param progress told how many more bytes were sent, as they go
     */
    void upload(Path local, String path, LongConsumer progress) {
        long size;
        try {
            size = Files.size(local);
        } catch (IOException e) {
            throw FsFailure.noSuchFile(local.toString());
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new Counting(Files.newInputStream(local), progress);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), size);
        HttpResponse<byte[]> r = send(request(FilerApi.WRITE.at(path)).header("Content-Type", "application/octet-stream").PUT(body),
                path);
        check(r, path);
    }

    /**
     * Streams the file at {@code path} into {@code out} (not closed).
     *
     * @param progress told how many more bytes arrived, as they come
     */
    void download(String path, OutputStream out, LongConsumer progress) {
        HttpResponse<InputStream> r;
        try {
            r = http.send(request(FilerApi.READ.at(path)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FsFailure(path + ": interrupted", e);
        }
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                check(r.statusCode(), in.readNBytes(BUFFER), path);
            }
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                progress.accept(n);
            }
        } catch (IOException e) {
            throw new FsFailure(path + ": transfer broke: " + e.getMessage(), e);
        }
    }

    /** Creates directory {@code path} and any missing parent. */
    void mkdir(String path) {
        check(send(request(FilerApi.WRITE.at(path + "/")).POST(HttpRequest.BodyPublishers.noBody()), path), path);
    }

    /** Moves {@code from} to {@code to} atomically (into {@code to} when it is a directory). */
    void move(String from, String to) {
        check(send(request(FilerApi.WRITE.at(to).param(FilerApi.MOVE_FROM, from))
                .POST(HttpRequest.BodyPublishers.noBody()), from), from);
    }

    /** Deletes {@code path}; a non-empty directory only when {@code recursive}. */
    void delete(String path, boolean recursive) {
        check(send(request(FilerApi.DELETE_ENTRY.at(path).flag(FilerApi.RECURSIVE, recursive)).DELETE(), path), path);
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpRequest.Builder request(PathQuery request) {
        return HttpRequest.newBuilder(request.uri(filer));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String path) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FsFailure(path + ": interrupted", e);
        }
    }

    private void check(HttpResponse<byte[]> r, String path) {
        check(r.statusCode(), r.body(), path);
    }

    private void check(int status, byte[] body, String path) {
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 404) {
            throw FsFailure.noSuchFile(path);
        }
        throw new FsFailure(path + ": " + errorMessage(body, status));
    }

    private String errorMessage(byte[] body, int status) {
        try {
            JsonNode error = json.readTree(body).get("error");
            if (error != null && !error.asString().isEmpty()) {
                return error.asString();
            }
        } catch (RuntimeException e) {
            // Not the filer's JSON error: fall back to the status.
        }
        return "filer answered HTTP " + status;
    }

    private FsFailure unreachable(IOException e) {
        String why = e instanceof ConnectException || e.getMessage() == null ? "connection refused" : e.getMessage();
        return new FsFailure("cannot reach the filer at " + filer + ": " + why, e);
    }

    private static RemoteEntry entry(JsonNode e) {
        long mode = e.get("Mode").asLong();
        JsonNode chunks = e.get("chunks");
        return new RemoteEntry(e.get("FullPath").asString(), (mode & GO_MODE_DIR) != 0, e.get("FileSize").asLong(),
                (int) (mode & 07777), Instant.parse(e.get("Mtime").asString()), chunks == null ? 0 : chunks.size());
    }

    /** Counts bytes read through it. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer progress;

        Counting(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.accept(n);
            }
            return n;
        }
    }
}
