/**
 * How a needle travels over HTTP between clients, volume servers and their peers: the
 * {@code Content-Disposition} file name ({@link io.hayloft.api.ContentDisposition}), the
 * raw replica copy with its query and headers ({@link io.hayloft.volume.transfer.NeedleTransfer}),
 * a request body read on the event loop under a byte limit
 * ({@link io.hayloft.volume.transfer.LimitedBody}: uploads, sync's needle records), and the
 * {@code volume=N} parameter of the {@code /admin/volume/*} endpoints
 * ({@link io.hayloft.volume.transfer.AdminParams}).
 *
 * <p>{@link io.hayloft.volume.transfer.VolumePeerClient} is the one client of volume-to-volume calls:
 * exact records alone and batched (answers as {@link io.hayloft.volume.transfer.PeerAnswer}, decided on
 * their error {@code code}), another replica's copy of a needle, the sync endpoints (bodies in
 * {@link io.hayloft.volume.transfer.SyncWire}) and a volume's copy stream; every call has a deadline
 * (the {@code PeerClient}'s timeout, or the copy's stall timeout). {@code ReplicatedWriter},
 * {@code ReplicaRepair}, {@code RecordBatcher}, {@code ReplicaReader}, {@code SyncPeer} and
 * {@code VolumeCopier} call their peers only through it.
 */
package io.hayloft.volume.transfer;
