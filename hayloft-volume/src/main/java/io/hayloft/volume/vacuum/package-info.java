/**
 * Vacuum on the volume server: compacts one volume when the master asks, and counts what it did.
 *
 * <pre>
 *   master ─POST /admin/volume/vacuum?volume=N─► VacuumHandler ─► {@link io.hayloft.volume.vacuum.VolumeVacuum}
 *                                                                   └─► Volume.compact() (virtual thread)
 * </pre>
 *
 * <p>The storage engine does the work ({@link io.hayloft.storage.Volume#compact()}: crash-safe, writes
 * continue meanwhile, the switch is atomic); this package only finds the volume, logs, and exports
 * {@code hayloft_volume_vacuums_total}, {@code hayloft_volume_vacuum_failures_total} and
 * {@code hayloft_volume_vacuum_reclaimed_bytes_total}.
 */
package io.hayloft.volume.vacuum;
