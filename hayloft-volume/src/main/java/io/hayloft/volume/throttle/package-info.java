/**
 * Byte-rate throttling shared by the volume server's background and bulk work: the scrub pass
 * ({@code -scrubMBps}) and the volume copy stream ({@code GET /admin/volume/copy?mbps=}).
 *
 * <p>Key type: {@link io.hayloft.volume.throttle.ByteRateThrottle}, which sleeps the working
 * thread whenever the bytes reported so far run ahead of the configured rate.
 */
package io.hayloft.volume.throttle;
