package io.hayloft.master.ec;

/**
 * The erasure-coding services the master's HTTP handlers use. Thread-safe.
 *
 * @param encoding  {@code /vol/ec/encode}
 * @param rebuilding {@code /vol/ec/rebuild}
 * @param decoding   {@code /vol/ec/decode}
 * @param balancing  {@code /vol/ec/balance}
 * @param compaction {@code /vol/ec/compact}
 */
public record EcMaintenance(EcEncoding encoding, EcRebuilding rebuilding, EcDecoding decoding,
                            EcBalancing balancing, EcCompaction compaction) {
}
