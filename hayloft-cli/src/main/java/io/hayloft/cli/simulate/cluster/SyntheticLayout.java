package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated cluster's shape: {@code servers} spread evenly over {@code racks} racks, the racks
 * evenly over {@code dataCenters} data centers, and {@code volumesPerServer} replicas on every server
 * placed as {@code replication} asks (a volume's copies on the next servers of its rack, the same
 * position of the next racks of its data center, of the next data centers). Volumes start part full
 * (up to 60 % of {@code volumeSizeLimit}), so they are writable and their sizes grow. Pure apart from
 * the servers it builds.
 */
final class SyntheticLayout {
    /** Volume slots a server has beyond its volumes, so growth and re-replication find room. */
    static final double SLOT_SLACK = 0.1;

    private SyntheticLayout() {
    }

    /**
     * Builds the servers and places their volumes.
     *
     * @throws HayloftException {@code BAD_REQUEST} when the shape cannot hold the placement
     */
    static List<SyntheticServer> build(SimulationConfig c, int port, long nowSecond) {
        ReplicaPlacement rp = c.replication();
        int racksPerDc = c.racks() / c.dataCenters();
        int perRack = c.servers() / c.racks();
        HayloftException.checkArgument(rp.diffDataCenters() < c.dataCenters(), "replication " + rp
                + " needs " + (rp.diffDataCenters() + 1) + " data centers, -dataCenters is " + c.dataCenters());
        HayloftException.checkArgument(rp.diffRacks() < racksPerDc, "replication " + rp + " needs "
                + (rp.diffRacks() + 1) + " racks per data center, there are " + racksPerDc);
        HayloftException.checkArgument(rp.sameRack() < perRack, "replication " + rp + " needs "
                + (rp.sameRack() + 1) + " servers per rack, there are " + perRack);
        int slots = c.volumesPerServer() + Math.max(2, (int) Math.ceil(c.volumesPerServer() * SLOT_SLACK));
        // grid[dc][rack][server]
        SyntheticServer[][][] grid = new SyntheticServer[c.dataCenters()][racksPerDc][perRack];
        List<SyntheticServer> servers = new ArrayList<>(c.servers());
        int n = 0;
        for (int d = 0; d < c.dataCenters(); d++) {
            for (int r = 0; r < racksPerDc; r++) {
                for (int s = 0; s < perRack; s++) {
                    n++;
                    grid[d][r][s] = new SyntheticServer(String.format("vs-%05d.sim", n), port, "dc" + (d + 1),
                            "rack" + (d * racksPerDc + r + 1), slots, c.seed() * 31 + n, c.fullReportEvery());
                    servers.add(grid[d][r][s]);
                }
            }
        }
        int volumes = servers.size() * c.volumesPerServer() / rp.copies();
        SplittableRandom random = new SplittableRandom(c.seed());
        long limit = c.volumeSizeLimitMB() * 1024L * 1024L;
        int total = servers.size();
        for (int v = 0; v < volumes; v++) {
            int i = v % total;
            int d = i / (racksPerDc * perRack);
            int r = (i / perRack) % racksPerDc;
            int s = i % perRack;
            long size = (long) (random.nextDouble() * 0.6 * limit);
            long files = size / (64 * 1024);
            int id = v + 1;
            List<SyntheticServer> holders = new ArrayList<>(rp.copies());
            holders.add(grid[d][r][s]);
            for (int k = 1; k <= rp.sameRack(); k++) {
                holders.add(grid[d][r][(s + k) % perRack]);
            }
            for (int k = 1; k <= rp.diffRacks(); k++) {
                holders.add(grid[d][(r + k) % racksPerDc][s]);
            }
            for (int k = 1; k <= rp.diffDataCenters(); k++) {
                holders.add(grid[(d + k) % c.dataCenters()][r][s]);
            }
            for (SyntheticServer h : holders) {
                h.put(new SyntheticServer.Volume(id, "", rp.toString(), size, files, nowSecond));
            }
        }
        return servers;
    }
}
