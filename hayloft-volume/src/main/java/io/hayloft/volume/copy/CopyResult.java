package io.hayloft.volume.copy;

/**
 * The answer of {@code POST /admin/volume/copy}: {@code {"volume":N,"bytes":b,"millis":t}}.
 *
 * @param volume the volume copied
 * @param bytes  bytes of the copy stream received
 * @param millis how long the copy took, from asking the source to the volume being served here
 */
public record CopyResult(int volume, long bytes, long millis) {
}
