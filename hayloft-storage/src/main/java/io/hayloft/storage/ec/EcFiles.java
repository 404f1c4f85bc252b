package io.hayloft.storage.ec;

import java.nio.file.Path;

/**
 * The files of an erasure-coded volume beside where its {@code .dat} was ({@code <base>} is {@code
 * <dir>/<collection>_<id>} or {@code <dir>/<id>}): shards {@code <base>.ec00} to {@code .ec13}, the
 * sorted needle index {@code <base>.ecx} (16-byte entries as in {@code .idx}: key, offset in 8-byte units,
 * size; ascending unsigned key, live needles only), the metadata {@code <base>.ecm} ({@link EcMetadata})
 * and the journal of later deletes {@code <base>.ecj} (8-byte keys, appended).
 *
 * @param base the path without extension
 */
public record EcFiles(Path base) {
    /** The files of the volume whose {@code .dat} is {@code dat}. */
    public static EcFiles of(Path dat) {
        String name = dat.getFileName().toString();
        return new EcFiles(dat.resolveSibling(name.endsWith(".dat") ? name.substring(0, name.length() - 4) : name));
    }

    public Path shard(int index) {
        return sibling(String.format(".ec%02d", index));
    }

    public Path index() {
        return sibling(".ecx");
    }

    public Path metadata() {
        return sibling(".ecm");
    }

    public Path journal() {
        return sibling(".ecj");
    }

    private Path sibling(String extension) {
        return base.resolveSibling(base.getFileName() + extension);
    }
}
