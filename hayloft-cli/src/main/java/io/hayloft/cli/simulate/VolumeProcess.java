package io.hayloft.cli.simulate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code hayloft volume} server in a process of its own, started with this JVM's own command, class
 * path and options, then the server roles' memory settings that {@code bin/hayloft} exports in {@code
 * HAYLOFT_SERVER_MEMORY} (so it runs as {@code hayloft volume} would, AOT cache included); its output
 * goes to a log file. Its memory is read from {@code /proc}. Not thread-safe.
 */
final class VolumeProcess implements AutoCloseable {
    private final Process process;
    private final String url;

    private VolumeProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts the server on {@code dir}, port {@code port}, with a master address where nothing answers. */
    static VolumeProcess start(Path dir, int port, int deadMasterPort, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String serverMemory = System.getenv("HAYLOFT_SERVER_MEMORY");
        if (serverMemory != null && !serverMemory.isBlank()) {
            command.addAll(List.of(serverMemory.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.hayloft.cli.Main");
        command.addAll(List.of("volume", "-dir", dir.toString(), "-ip", "127.0.0.1", "-port", Integer.toString(port),
                "-mserver", "127.0.0.1:" + deadMasterPort));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new VolumeProcess(p, "http://127.0.0.1:" + port);
    }

    /** Waits until {@code /status} answers 200; returns false when the process died or the deadline passed. */
    boolean awaitServing(HttpClient http, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest status = HttpRequest.newBuilder(URI.create(url + "/status")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling a child process that has no way to signal readiness
        }
        return false;
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /**
     * CPU time the process has used so far, user and system, every thread, in seconds (from {@code
     * /proc/<pid>/stat}, in clock ticks of 1/100 s, Linux's {@code USER_HZ}).
     */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** {@code VmRSS} and {@code VmHWM} of the process, in MiB: {rss, peak}. */
    long[] memoryMiB() throws IOException {
        long rss = 0;
        long peak = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line) / 1024;
            } else if (line.startsWith("VmHWM:")) {
                peak = kib(line) / 1024;
            }
        }
        return new long[] {rss, peak};
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
