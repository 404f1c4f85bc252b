/**
 * Erasure coding: {@link io.hayloft.storage.ec.ReedSolomon}, a systematic Reed-Solomon code over
 * {@link io.hayloft.storage.ec.GaloisField GF(2^8)} (RS(10,4) for Hayloft's erasure-coded volumes), Hayloft's
 * own. Its inner loop is a {@code CodingKernel}: a portable scalar one (a 256-entry product table per
 * coefficient) and a Vector API one (two 16-entry nibble tables per coefficient, as ISA-L does with
 * {@code PSHUFB}) used when the JVM runs with {@code --add-modules jdk.incubator.vector}. Both give the
 * same bytes. The codec is pure computation on byte arrays. Beside it, the on-disk side of erasure-coded
 * volumes: {@code EcEncoder} (a sealed volume into shards), {@code EcVolume} (reads, degraded reads, the
 * delete journal), {@code EcShardRebuilder}, and the shard generations a compaction writes ({@code EcFiles},
 * {@code EcGenerationPointer}, {@code EcCompactor}). No HTTP.
 */
package io.hayloft.storage.ec;
