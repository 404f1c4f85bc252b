package io.hayloft.master.repair;

/**
 * The replica maintenance services the master's HTTP handlers use. All thread-safe.
 *
 * @param repair   re-replication and surplus removal ({@code /vol/fix/replication}, the loop)
 * @param mover    one replica move ({@code /vol/move})
 * @param balancer even volume counts ({@code /vol/balance})
 * @param commands mark and delete ({@code /vol/mark}, {@code /vol/delete})
 */
public record VolumeMaintenance(ReplicationRepair repair, VolumeMover mover, VolumeBalancer balancer,
                                VolumeCommands commands) {
}
