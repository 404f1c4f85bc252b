package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Master answer to {@code POST /internal/node/id}: a node id from the raft-committed node-id sequence. */
public record NodeIdResponse(@JsonProperty("nodeId") long nodeId) {
}
