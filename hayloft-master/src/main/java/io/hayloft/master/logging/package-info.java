/**
 * Logging helpers for the master: {@link io.hayloft.master.logging.RateLimitedLog} writes one line
 * per kind of event and interval (a failed forward to the leader, a request refused for want of a
 * leader) so that a leader failover does not flood the log; stack traces only at DEBUG.
 */
package io.hayloft.master.logging;
