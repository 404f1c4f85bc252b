package io.hayloft.master.repair;

/**
 * The answer of {@code POST /vol/move}.
 *
 * @param volume volume id
 * @param source the server the replica left
 * @param target the server that holds it now
 * @param bytes  bytes copied
 */
public record MoveResult(int volume, String source, String target, long bytes) {
}
