/**
 * How a needle travels over HTTP between clients, volume servers and their peers: the
 * {@code Content-Disposition} file name ({@link io.hayloft.api.ContentDisposition}), the
 * raw replica copy with its query and headers ({@link io.hayloft.volume.transfer.NeedleTransfer}),
 * a request body read on the event loop under a byte limit
 * ({@link io.hayloft.volume.transfer.LimitedBody}: uploads, sync's needle records), and the
 * {@code volume=N} parameter of the {@code /admin/volume/*} endpoints
 * ({@link io.hayloft.volume.transfer.AdminParams}).
 */
package io.hayloft.volume.transfer;
