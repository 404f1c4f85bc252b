package io.hayloft.cli.fs;

import io.hayloft.api.wire.FilerChangesResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hayloft fs watch PATH}: prints every change at or under a path as it happens, one line each
 * ({@code put /a/b}, {@code delete /a/dir/}: a directory ends in {@code /}), by long polling the filer's
 * change stream. After a broken connection it asks again from the same cursor, so nothing is missed or
 * printed twice; with {@code -cursor-file} the cursor is kept on disk after each answer and a later run
 * goes on from it.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Print the changes under a path as they happen (put PATH, delete PATH).")
final class WatchCommand extends FsSubcommand {
    private static final Duration RETRY = Duration.ofSeconds(1);

    @Option(names = {"-cursor", "--cursor"}, paramLabel = "CURSOR", defaultValue = "now",
            description = "Where to start: now (the default), start (the oldest change kept), or a cursor.")
    String cursor;

    @Option(names = {"-cursor-file", "--cursor-file"}, paramLabel = "FILE",
            description = "Keep the cursor in FILE: start from it when it exists, rewrite it after each answer.")
    Path cursorFile;

    @Option(names = {"-count", "--count"}, paramLabel = "N", defaultValue = "0",
            description = "Stop after N changes (0, the default: never).")
    long count;

    @Option(names = {"-wait", "--wait"}, paramLabel = "SECONDS", defaultValue = "30",
            description = "How long each request waits for a change, 1 to 60. Default: ${DEFAULT-VALUE}.")
    int waitSeconds;

    @Parameters(paramLabel = "PATH", description = "The file or directory to watch (it need not exist yet).")
    String path;

    @Override
    void run(FsFiler filer) {
        if (waitSeconds < 1 || waitSeconds > 60) {
            throw new FsFailure("-wait must be between 1 and 60 seconds, got " + waitSeconds);
        }
        String at = startCursor();
        String watched = absolute(path);
        long printed = 0;
        while (count == 0 || printed < count) {
            FilerChangesResponse page;
            try {
                page = filer.changes(watched, at, waitSeconds, 1000);
            } catch (FsFailure e) {
                if (!e.retryable()) {
                    throw e;
                }
                err().println("hayloft fs: " + e.getMessage() + " (trying again from the same cursor)");
                err().flush();
                LockSupport.parkNanos(RETRY.toNanos());
                continue;
            }
            int shown = 0;
            for (FilerChangesResponse.Change c : page.changes()) {
                if (count != 0 && printed == count) {
                    break;
                }
                out().println(c.kind() + " " + c.path() + (c.directory() && !c.path().equals("/") ? "/" : ""));
                printed++;
                shown++;
            }
            out().flush();
            // stopped inside a page (-count): the kept cursor stays before the page, so a later run prints
            // its rest (and again what was printed of it here) rather than skipping anything
            if (shown == page.changes().size()) {
                at = page.cursor();
                saveCursor(at);
            }
        }
    }

    private String startCursor() {
        if (cursorFile != null && Files.exists(cursorFile)) {
            try {
                return Files.readString(cursorFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new FsFailure(cursorFile + ": cannot read the cursor: " + e.getMessage(), e);
            }
        }
        return cursor;
    }

    private void saveCursor(String at) {
        if (cursorFile == null) {
            return;
        }
        try {
            Path tmp = cursorFile.resolveSibling(cursorFile.getFileName() + ".tmp");
            Files.writeString(tmp, at + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, cursorFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new FsFailure(cursorFile + ": cannot write the cursor: " + e.getMessage(), e);
        }
    }
}
