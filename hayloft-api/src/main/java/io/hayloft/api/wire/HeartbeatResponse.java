package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The master's answer to a heartbeat.
 *
 * @param volumeSizeLimit the size in bytes at which volumes stop taking writes; volume servers enforce it
 * @param leader          {@code host:port} of the current leader master
 */
public record HeartbeatResponse(@JsonProperty("volumeSizeLimit") long volumeSizeLimit,
                                @JsonProperty("leader") String leader) {
}
