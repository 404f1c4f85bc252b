package io.hayloft.filer.partition;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.util.SizeInBytes;

/**
 * One filer server's partition replicas in a process of its own, for crash tests: hosts every partition
 * of the map its arguments describe, prints {@code READY}, and runs until its standard input closes (so
 * it never outlives the test) or it is killed.
 * <pre>  java -cp ... io.hayloft.filer.partition.PartitionServerProcess NODE DIR PARTITIONS node=host:port...</pre>
 */
public final class PartitionServerProcess {
    static final PartitionServer.Tuning TUNING = new PartitionServer.Tuning(200, SizeInBytes.valueOf("64KB"),
            Duration.ofSeconds(1), Duration.ofSeconds(2));

    private PartitionServerProcess() {
    }

    /** The map the arguments after the first three describe. */
    static PartitionMap map(int partitions, List<String> nodeArgs) {
        List<String> nodes = new ArrayList<>();
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String a : nodeArgs) {
            String[] kv = a.split("=", 2);
            nodes.add(kv[0]);
            addresses.put(kv[0], kv[1]);
        }
        return PartitionMap.spread(partitions, 3, nodes, addresses);
    }

    public static void main(String[] args) throws IOException {
        String node = args[0];
        Path dir = Path.of(args[1]);
        PartitionMap map = map(Integer.parseInt(args[2]), List.of(args).subList(3, args.length));
        int port = Integer.parseInt(map.raftAddresses().get(node).split(":")[1]);
        PartitionServer server = PartitionServer.start(node, "127.0.0.1", port, dir, TUNING);
        server.hostAll(map);
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the test closes our input
        }
        server.close();
        System.exit(0);
    }
}
