package io.hayloft.cli.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Runs shell command lines in-process against one session, as the prompt does, and hands back
 * what each printed. Masters are called without retrying.
 */
final class ShellTester {
    private final StringWriter out = new StringWriter();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ShellRegistry registry = ShellRegistry.standard();
    private final ShellSession session;
    private int printed;

    ShellTester(String master) {
        this(master, ShellSession.DEFAULT_FILER);
    }

    ShellTester(String master, String filer) {
        session = new ShellSession(new MasterHttp(List.of(master), Duration.ZERO, Clock.systemUTC()),
                new PrintWriter(out, true), filer, bytes);
    }

    /** Runs {@code line}; returns what it printed. Exceptions pass through. */
    String run(String line) {
        try {
            registry.run(ShellWords.split(line), session);
        } finally {
            session.out().flush();
        }
        return printedSinceLast();
    }

    /** What was printed since the last {@link #run} returned (also by a command that failed). */
    String printedSinceLast() {
        String all = out.toString();
        String fresh = all.substring(printed);
        printed = all.length();
        return fresh;
    }

    /** Bytes written to the binary output ({@code fs.cat}), then cleared. */
    byte[] takeBytes() {
        byte[] b = bytes.toByteArray();
        bytes.reset();
        return b;
    }

    ShellSession session() {
        return session;
    }
}
