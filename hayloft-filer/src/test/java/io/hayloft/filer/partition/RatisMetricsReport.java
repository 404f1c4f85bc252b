package io.hayloft.filer.partition;

import java.util.Map;
import java.util.TreeMap;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.impl.RatisMetricRegistryImpl;
import org.apache.ratis.thirdparty.com.codahale.metrics.Metric;
import org.apache.ratis.thirdparty.com.codahale.metrics.Snapshot;
import org.apache.ratis.thirdparty.com.codahale.metrics.Timer;

/**
 * Ratis's own timers of every group in this JVM, summed over the groups and servers by name: how many
 * times each step ran and how long it took (mean and 99th percentile of the groups' recent samples), so
 * a benchmark can say where a Raft round's time goes (log flush, append to followers, apply, the
 * client request as a whole). For benchmarks; prints to standard output.
 */
final class RatisMetricsReport {
    private RatisMetricsReport() {
    }

    /** Prints every timer whose name contains one of {@code keys} (all timers when none is given). */
    static void print(String... keys) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, double[]> times = new TreeMap<>();
        for (RatisMetricRegistry r : MetricRegistries.global().getMetricRegistries()) {
            if (!(r instanceof RatisMetricRegistryImpl impl)) {
                continue;
            }
            String prefix = r.getMetricRegistryInfo().getApplicationName() + "."
                    + r.getMetricRegistryInfo().getMetricsComponentName();
            for (Map.Entry<String, Metric> m : impl.getDropWizardMetricRegistry().getMetrics().entrySet()) {
                if (!(m.getValue() instanceof Timer t) || t.getCount() == 0 || !wanted(m.getKey(), keys)) {
                    continue;
                }
                String name = prefix + " " + m.getKey().replaceAll("[-_]?[0-9a-fA-F]{8}-[0-9a-fA-F-]{27,}", "")
                        .replaceAll("filer[0-9]+@group-[0-9A-F]+", "*").replaceAll("filer[0-9]+", "*");
                Snapshot s = t.getSnapshot();
                counts.computeIfAbsent(name, k -> new long[1])[0] += t.getCount();
                double[] acc = times.computeIfAbsent(name, k -> new double[3]);
                acc[0] += s.getMean() * t.getCount();
                acc[1] = Math.max(acc[1], s.get99thPercentile());
            }
        }
        System.out.println("Ratis timers (count, mean ms, max of the groups' p99 ms):");
        counts.forEach((name, c) -> {
            double[] acc = times.get(name);
            System.out.printf("  %-90s %9d %8.2f %8.2f%n", name, c[0], acc[0] / c[0] / 1e6, acc[1] / 1e6);
        });
    }

    private static boolean wanted(String name, String[] keys) {
        if (keys.length == 0) {
            return true;
        }
        for (String k : keys) {
            if (name.contains(k)) {
                return true;
            }
        }
        return false;
    }
}
