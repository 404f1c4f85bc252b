/**
 * Needles for a role that runs in the same process as this volume server ({@code hayloft server}'s
 * filer): the writes and reads its HTTP API offers, as method calls, so chunk bytes never cross
 * loopback HTTP twice.
 * <pre>
 *   filer chunk ─► ColocatedNeedles.write ─► ReplicatedWriter (local append + replica fan-out)
 *   filer read  ─► ColocatedNeedles.read  ─► Volume.readData (CRC-checked, into the caller's buffer)
 * </pre>
 * {@link io.hayloft.volume.colocated.ColocatedNeedles} enforces what the upload route does (the file
 * size limit, the volume's TTL, replication), and nothing here imports HTTP.
 */
package io.hayloft.volume.colocated;
