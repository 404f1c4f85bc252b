package io.hayloft.it;

import io.hayloft.testkit.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hayloft server} as a real child process (same class path as the tests), so tests can
 * {@code kill -9} it. Output goes to a log file next to its data.
 */
final class ServerProcess implements AutoCloseable {
    private final Path dataDir;
    private final int masterPort;
    private final int volumePort;
    private final int filerPort;
    private final int s3Port;
    private final String maxHeap;
    private final List<String> extraArgs;
    private Process process;

    ServerProcess(Path dataDir, List<String> extraArgs) {
        this(dataDir, extraArgs, "256m");
    }

    /** @param maxHeap the child JVM's {@code -Xmx} value, e.g. {@code 64m} */
    ServerProcess(Path dataDir, List<String> extraArgs, String maxHeap) {
        this.dataDir = dataDir;
        this.masterPort = freePort();
        this.volumePort = freePort();
        this.filerPort = freePort();
        this.s3Port = freePort();
        this.maxHeap = maxHeap;
        this.extraArgs = List.copyOf(extraArgs);
    }

    String masterUrl() {
        return "127.0.0.1:" + masterPort;
    }

    String volumeUrl() {
        return "127.0.0.1:" + volumePort;
    }

    /** The filer's address; the same port across restarts, so its upload intents keep their owner. */
    String filerUrl() {
        return "127.0.0.1:" + filerPort;
    }

    /** The S3 gateway's address. */
    String s3Url() {
        return "127.0.0.1:" + s3Port;
    }

    /** Where the process's output goes. */
    Path logFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /** Starts the process and waits until the master assigns fids and the filer (unless disabled) answers. */
    void start() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx" + maxHeap,
                "-cp", System.getProperty("java.class.path"), "io.hayloft.cli.Main", "server",
                "-dir", dataDir.toString(), "-ip", "127.0.0.1",
                "-master.port", Integer.toString(masterPort), "-volume.port", Integer.toString(volumePort),
                "-filer.port", Integer.toString(filerPort), "-s3.port", Integer.toString(s3Port),
                "-pulseSeconds", "1"));
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(
                            dataDir.getFileName() + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Await.until("hayloft server to assign fids", Duration.ofMinutes(3), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("hayloft server exited with " + process.exitValue());
            }
            return TestHttp.get(masterUrl(), "/dir/assign").statusCode() == 200
                    && (extraArgs.contains("-filer=false") || TestHttp.get(filerUrl(), "/status").statusCode() == 200);
        });
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill9() {
        Processes.kill9(process);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill9();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
