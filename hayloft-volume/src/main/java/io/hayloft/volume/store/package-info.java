/**
 * The store: every volume of a volume server across its data directories.
 *
 * <pre>
 *   Store ─┬─ DiskLocation(dir 1, max 7) ─ Volume 1, Volume 4, ...
 *          └─ DiskLocation(dir 2, max 5) ─ Volume 2, ...
 * </pre>
 * {@link io.hayloft.volume.store.Store} loads volumes in parallel at start (a volume that fails to
 * open is skipped), allocates new ones in the directory with the most free slots, deletes them, and
 * applies the master's volume size limit to every volume, which then refuses writes past it. It
 * also places and mounts volumes whose files a copy from another server put in place
 * ({@code dirForNewVolume}, {@code mount}), and keeps read-only marks across restarts
 * ({@code markReadOnly}: a {@code <base>.readonly} file next to the {@code .dat}).
 * {@link io.hayloft.volume.store.DiskLocation} is one directory, its slots and its marker and
 * copy-leftover files. No HTTP here.
 */
package io.hayloft.volume.store;
