package io.hayloft.cli.simulate.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code hayloft master} in a process of its own, started with this JVM's command and class path,
 * its own {@code -Xmx}, and a hosts file that resolves the synthetic servers' names to 127.0.0.1. What
 * the simulation reports about it is read from outside: CPU and RSS from {@code /proc}, heap after a
 * forced GC through {@code jcmd}, Raft log and snapshot sizes from its directory. Not thread-safe: the
 * simulation's control thread owns it.
 */
final class MasterProcess implements AutoCloseable {
    private static final long TICKS_PER_SECOND = 100;

    private final List<String> command;
    private final Path dir;
    private final Path log;
    private final String address;
    private Process process;

    private MasterProcess(List<String> command, Path dir, Path log, String address) {
        this.command = command;
        this.dir = dir;
        this.log = log;
        this.address = address;
    }

    /**
     * Prepares master {@code index} of {@code c}'s group (not started).
     *
     * @param hostsFile the hosts file naming every synthetic server
     */
    static MasterProcess of(SimulationConfig c, int index, Path hostsFile) {
        Path dir = c.dir().resolve("m" + (index + 1));
        List<String> command = new ArrayList<>();
        if (!c.masterCpus().isEmpty()) {
            command.addAll(List.of("taskset", "-c", c.masterCpus()));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-Xmx") && !arg.startsWith("-Xms") && !arg.startsWith("-agentlib:jdwp")) {
                command.add(arg);
            }
        }
        command.add("-Xmx" + c.masterHeap());
        command.add("-Dvertx.disableDnsResolver=true");
        command.add("-Djdk.net.hosts.file=" + hostsFile.toAbsolutePath());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.hayloft.cli.Main");
        command.addAll(List.of("master", "-mdir", dir.toString(), "-ip", "127.0.0.1", "-ip.bind", "127.0.0.1",
                "-port", Integer.toString(c.masterPort(index)), "-port.raft", Integer.toString(c.raftPort(index)),
                "-pulseSeconds", c.pulse().toMillis() + "ms",
                "-replicationGrace", c.replicationGrace().toMillis() + "ms",
                "-volumeSizeLimitMB", Integer.toString(c.volumeSizeLimitMB()),
                "-fullReportsPerSecond", Integer.toString(c.fullReportsPerSecond()),
                "-defaultReplication", c.replication().toString()));
        if (c.masters() > 1) {
            List<String> peers = new ArrayList<>();
            for (int i = 0; i < c.masters(); i++) {
                peers.add("127.0.0.1:" + c.masterPort(i));
            }
            command.addAll(List.of("-peers", String.join(",", peers)));
        }
        return new MasterProcess(command, dir, c.dir().resolve("m" + (index + 1) + ".log"),
                "127.0.0.1:" + c.masterPort(index));
    }

    /** Starts (or restarts, on the same state) the process; its output is appended to its log. */
    void start() throws IOException {
        Files.createDirectories(dir);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** {@code 127.0.0.1:port}. */
    String address() {
        return address;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Kills the process at once ({@code SIGKILL}) and waits for it to go. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** User plus system CPU the process used so far, in milliseconds; -1 when it is not running. */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat, counted after the command name
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code VmRSS} in MiB; -1 when it is not running. */
    long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Forces a full GC in the process and returns the heap it still uses, in MiB ({@code jcmd GC.run}
     * then {@code GC.heap_info}, one {@code jcmd} run); -1 when that fails.
     */
    double heapAfterGcMiB() throws InterruptedException {
        return jcmd("GC.run\nGC.heap_info\n");
    }

    private double jcmd(String commands) throws InterruptedException {
        return alive() ? io.hayloft.cli.simulate.JvmHeap.usedMiB(process.pid(), commands.contains("GC.run"), dir) : -1;
    }

    /** The heap in use now, garbage included, in MiB ({@code jcmd GC.heap_info}, no GC); -1 when that fails. */
    double heapUsedMiB() throws InterruptedException {
        return jcmd("GC.heap_info\n");
    }

    /** Bytes of the Raft log segments and of the snapshots under this master's directory: {log, snapshot}. */
    long[] raftBytes() {
        long logBytes = 0;
        long snapshotBytes = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = f.getFileName().toString();
                long size = Files.size(f);
                if (name.startsWith("log_")) {
                    logBytes += size;
                } else if (name.startsWith("snapshot")) {
                    snapshotBytes += size;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a file rolled away while walking: the next sample counts it
        }
        return new long[] {logBytes, snapshotBytes};
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
