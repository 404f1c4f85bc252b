package io.hayloft.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code hayloft <role> ...} command as a real child process with the tests' class path, so a
 * test can {@code kill -9} it. Output goes to {@code <name>.log} under the given directory.
 */
final class RoleProcess implements AutoCloseable {
    private final String name;
    private final Path logDir;
    private final List<String> args;
    private final String maxHeap;
    private final List<String> jvmOptions;
    private Process process;

    /**
     * @param name   label for the log file
     * @param logDir where the log file goes
     * @param args   the {@code hayloft} arguments, role first
     */
    RoleProcess(String name, Path logDir, List<String> args) {
        this(name, logDir, args, "128m");
    }

    /** As {@link #RoleProcess(String, Path, List)}, with the child JVM's {@code -Xmx} value (e.g. {@code 64m}). */
    RoleProcess(String name, Path logDir, List<String> args, String maxHeap) {
        this(name, logDir, args, maxHeap, List.of());
    }

    /** As {@link #RoleProcess(String, Path, List, String)}, with JVM options (such as {@code -Dkey=value}). */
    RoleProcess(String name, Path logDir, List<String> args, String maxHeap, List<String> jvmOptions) {
        this.name = name;
        this.logDir = logDir;
        this.args = List.copyOf(args);
        this.maxHeap = maxHeap;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The file its output goes to. */
    Path logFile() {
        return logDir.resolve(name + ".log");
    }

    /** Starts the process; does not wait for it to serve. */
    RoleProcess start() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.hayloft.cli.Main"));
        cmd.addAll(args);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Fails the calling test when the process has exited. */
    void checkAlive() {
        if (process != null && !process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "; see "
                    + logDir.resolve(name + ".log"));
        }
    }

    /** SIGKILL, and wait until it is gone. */
    void kill9() {
        Processes.kill9(process);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill9();
        }
    }
}
