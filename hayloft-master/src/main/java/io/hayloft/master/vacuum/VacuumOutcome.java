package io.hayloft.master.vacuum;

import java.util.List;

/**
 * What a vacuum pass did to one volume.
 *
 * @param volume         volume id
 * @param collection     its collection ({@code ""} for the default one)
 * @param garbageRatio   the highest garbage ratio its replicas reported before the pass, 0..1
 * @param replicas       the servers asked to compact it ({@code ip:port})
 * @param compacted      true when every replica compacted (the volume is writable again)
 * @param bytesReclaimed {@code .dat} bytes given back, summed over the replicas that compacted
 * @param failures       one message per replica that failed (the volume stays withheld)
 */
public record VacuumOutcome(int volume, String collection, double garbageRatio, List<String> replicas,
                            boolean compacted, long bytesReclaimed, List<String> failures) {
    public VacuumOutcome {
        replicas = List.copyOf(replicas);
        failures = List.copyOf(failures);
    }
}
