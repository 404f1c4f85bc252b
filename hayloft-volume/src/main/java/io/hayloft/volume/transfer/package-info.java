/**
 * How a needle travels over HTTP between clients, volume servers and their peers: the
 * {@code Content-Disposition} file name ({@link io.hayloft.api.ContentDisposition}) and the
 * raw replica copy with its query and headers ({@link io.hayloft.volume.transfer.NeedleTransfer}).
 */
package io.hayloft.volume.transfer;
