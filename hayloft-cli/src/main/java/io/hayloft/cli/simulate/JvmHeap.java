package io.hayloft.cli.simulate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the heap of another JVM on this machine through {@code jcmd} (found beside this JVM's {@code
 * java}): what a simulated server's state costs. Blocking; thread-safe.
 */
public final class JvmHeap {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private JvmHeap() {
    }

    /**
     * The heap in use in a {@code GC.heap_info} text, in MiB: the sum over its heap lines (one for G1, one
     * per generation for the serial and parallel collectors), metaspace left out; -1 when there is none.
     * Pure.
     */
    static double parseUsedMiB(String heapInfo) {
        long kib = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            Matcher m = USED.matcher(line);
            if (line.contains(" total ") && !line.contains("Metaspace") && !line.contains("class space") && m.find()) {
                kib += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? kib / 1024.0 : -1;
    }

    /**
     * The heap of process {@code pid} in MiB: after a forced full GC ({@code GC.run}) when {@code collect},
     * else as it is, garbage included ({@code GC.heap_info}).
     *
     * @param scratch a directory for jcmd's command file
     * @return the heap in use, or -1 when jcmd failed (the process is gone, jcmd is missing)
     */
    public static double usedMiB(long pid, boolean collect, Path scratch) throws InterruptedException {
        try {
            Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
            Path script = Files.createTempFile(scratch, "jcmd", ".txt");
            Files.writeString(script, collect ? "GC.run\nGC.heap_info\n" : "GC.heap_info\n");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "-f", script.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(script);
            return parseUsedMiB(out);
        } catch (IOException e) {
            return -1;
        }
    }
}
