package io.hayloft.cli.fs;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.FilerEntryJson;
import io.hayloft.api.wire.HttpTransport;
import io.hayloft.client.FilerClient;
import io.hayloft.security.SecurityConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The filer as {@code hayloft fs} sees it: the one {@link FilerClient} (JDK transport) with its
 * failures worded for a shell user ({@link FsFailure}: {@code /x: No such file or directory}) and its
 * entries as {@link RemoteEntry}s. Bodies stream both ways, with progress. Thread-safe.
 */
public final class FsFiler implements AutoCloseable {
    /** Entries per listing request. */
    static final int PAGE = 1000;
    /** How long a call may wait for the filer's answer (uploads get a second more per MiB). */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int BUFFER = 64 * 1024;

    private final String filer;
    private final FilerClient client;

    /** @param filer {@code host:port} */
    public FsFiler(String filer) {
        this(filer, SecurityConfig.NONE);
    }

    /**
     * @param filer    {@code host:port}
     * @param security {@code security.toml}: HTTPS trusting its CA with {@code [tls]}, the internal token with
     *                 {@code [internal]}
     */
    public FsFiler(String filer, SecurityConfig security) {
        this.filer = filer;
        this.client = FilerClient.create(filer, TIMEOUT, security);
    }

    /**
     * The entry at {@code path}, or empty when there is none. Blocking.
     *
     * @throws FsFailure when the filer cannot be reached or answers an error
     */
    public Optional<RemoteEntry> stat(String path) {
        try {
            return client.find(path).map(FsFiler::entry);
        } catch (HayloftException e) {
            throw failure(e, path);
        }
    }

    /** The entry at {@code path}; fails with "No such file or directory" when there is none. */
    RemoteEntry require(String path) {
        return stat(path).orElseThrow(() -> FsFailure.noSuchFile(path));
    }

    /** One page of {@code directory}'s children after {@code lastFileName}, in name order. */
    List<RemoteEntry> list(String directory, String lastFileName, int limit) {
        try {
            return client.list(directory, lastFileName, false, limit).entries().stream().map(FsFiler::entry).toList();
        } catch (HayloftException e) {
            throw failure(e, directory);
        }
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
        try (InputStream in = new Counting(Files.newInputStream(local), progress)) {
            client.write(path, in, Files.size(local), FilerClient.WriteOptions.plain());
        } catch (IOException e) {
            throw FsFailure.noSuchFile(local.toString());
        } catch (HayloftException e) {
            throw failure(e, path);
        }
    }

    /**
     * Streams the file at {@code path} into {@code out} (not closed).
     *
     * @param progress told how many more bytes arrived, as they come
     */
    void download(String path, OutputStream out, LongConsumer progress) {
        try (FilerClient.FileRead read = client.read(path, 0, -1)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = read.body().read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                progress.accept(n);
            }
        } catch (IOException e) {
            throw new FsFailure(path + ": transfer broke: " + e.getMessage(), e);
        } catch (HayloftException e) {
            throw failure(e, path);
        }
    }

    /**
     * The changes at or under {@code path} after {@code cursor}, waiting up to {@code waitSeconds}.
     *
     * @throws FsFailure when the filer cannot be reached ({@link FsFailure#retryable()}) or refuses
     */
    io.hayloft.api.wire.FilerChangesResponse changes(String path, String cursor, int waitSeconds, int limit) {
        try {
            return client.changes(path, cursor, waitSeconds, limit);
        } catch (HayloftException e) {
            throw failure(e, path);
        }
    }

    /** Creates directory {@code path} and any missing parent. */
    void mkdir(String path) {
        try {
            client.mkdirs(path);
        } catch (HayloftException e) {
            throw failure(e, path);
        }
    }

    /** Moves {@code from} to {@code to} atomically (into {@code to} when it is a directory). */
    void move(String from, String to) {
        try {
            client.rename(from, to);
        } catch (HayloftException e) {
            throw failure(e, from);
        }
    }

    /** Deletes {@code path}; a non-empty directory only when {@code recursive}. */
    void delete(String path, boolean recursive) {
        try {
            if (!client.delete(path, recursive)) {
                throw FsFailure.noSuchFile(path);
            }
        } catch (HayloftException e) {
            throw failure(e, path);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private FsFailure failure(HayloftException e, String path) {
        if (e instanceof HttpTransport.Unreachable) {
            String why = e.getCause() == null || e.getCause().getMessage() == null ? "connection refused"
                    : e.getCause().getMessage();
            return new FsFailure("cannot reach the filer at " + filer + ": " + why, e);
        }
        if (e.code() == ErrorCode.NOT_FOUND) {
            return FsFailure.noSuchFile(path);
        }
        return new FsFailure(path + ": " + e.getMessage(), e);
    }

    private static RemoteEntry entry(FilerEntryJson e) {
        return new RemoteEntry(e.fullPath(), e.directory(), e.fileSize(), e.permissions(), e.modified(), e.chunks().size());
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
