package io.hayloft.filer.store.jdbc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throw-away PostgreSQL server for a test class: {@code initdb} into a temporary directory, then
 * {@code pg_ctl start} on 127.0.0.1 and a free port with trust authentication, and
 * {@code pg_ctl stop -m immediate} plus removal of the directory after the class. PostgreSQL refuses
 * to run as root, so as root the server runs as the {@code postgres} OS user ({@code runuser}) on a
 * directory it owns. Durability is off (tests do not survive a power cut anyway).
 *
 * <p>Where the server binaries ({@value #BIN}) or, as root, the {@code postgres} user are missing,
 * the tests are skipped with a message naming what is missing. Register with
 * {@code @RegisterExtension static final LocalPostgres POSTGRES = new LocalPostgres();}.
 */
public final class LocalPostgres implements BeforeAllCallback, AfterAllCallback {
    /** Where Debian's postgresql-15 package puts the server binaries. */
    static final String BIN = "/usr/lib/postgresql/15/bin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final AtomicInteger schemas = new AtomicInteger();
    private Path dataDir;
    private int port;
    private boolean asPostgresUser;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(BIN, "initdb")) && Files.isExecutable(Path.of(BIN, "pg_ctl")),
                "PostgreSQL server binaries not found in " + BIN
                        + " (Debian package postgresql-15): skipping the PostgreSQL filer store tests");
        asPostgresUser = "0".equals(output(List.of("id", "-u")).trim());
        if (asPostgresUser) {
            Assumptions.assumeTrue(run(List.of("id", "postgres")) == 0 && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                    "running as root but there is no 'postgres' OS user or no runuser to run PostgreSQL as:"
                            + " skipping the PostgreSQL filer store tests");
        }
        dataDir = Files.createTempDirectory("hayloft-pg-");
        if (asPostgresUser) {
            check(run(List.of("chown", "postgres:postgres", dataDir.toString())), "chown of " + dataDir);
        }
        Path data = dataDir.resolve("data");
        check(run(asUser(List.of(BIN + "/initdb", "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                "--locale=C", "--no-sync"))), "initdb");
        port = freePort();
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        check(run(asUser(List.of(BIN + "/pg_ctl", "-D", data.toString(), "-l", dataDir.resolve("server.log").toString(),
                "-o", options, "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "start"))),
                "pg_ctl start (see " + dataDir.resolve("server.log") + ")");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (dataDir == null) {
            return;
        }
        Path data = dataDir.resolve("data");
        Path pidFile = data.resolve("postmaster.pid");
        long pid = Files.exists(pidFile) ? Long.parseLong(Files.readAllLines(pidFile).getFirst().trim()) : -1;
        run(asUser(List.of(BIN + "/pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop")));
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
            });
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A JDBC URL of the server's {@code postgres} database whose search path is a new, empty schema. */
    public String freshSchemaUrl() {
        String schema = "test_" + schemas.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url(""));
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema, e);
        }
        return url("&currentSchema=" + schema);
    }

    private String url(String extra) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres" + extra;
    }

    private List<String> asUser(List<String> command) {
        if (!asPostgresUser) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        out.addAll(command);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void check(int exit, String what) {
        if (exit != 0) {
            throw new IllegalStateException(what + " failed with exit code " + exit);
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            System.err.println(String.join(" ", command) + " exited " + exit + ":\n" + out);
        }
        return exit;
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
