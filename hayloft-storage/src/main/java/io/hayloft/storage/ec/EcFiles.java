package io.hayloft.storage.ec;

import io.hayloft.api.HayloftException;
import java.nio.file.Path;

/**
 * The files of one generation of an erasure-coded volume beside where its {@code .dat} was ({@code <base>} is
 * {@code <dir>/<collection>_<id>} or {@code <dir>/<id>}). Generation 0 (the encoding) is named as it always
 * was: shards {@code <base>.ec00} to {@code .ec13}, the sorted needle index {@code <base>.ecx} (16-byte
 * entries as in {@code .idx}: key, offset in 8-byte units, size; ascending unsigned key, live needles only),
 * the metadata {@code <base>.ecm} ({@link EcMetadata}) and the journal of later deletes {@code <base>.ecj}
 * (8-byte keys, appended). Generation {@code g ≥ 1} (written by a compaction) puts {@code .g<g>} before each
 * extension: {@code <base>.g1.ec00}, {@code <base>.g1.ecx}, ... The generation a server serves is named by
 * the one pointer file {@code <base>.ecg} ({@link EcGenerationPointer}; absent: generation 0).
 *
 * @param base       the path without extension, generation or not
 * @param generation which generation's files these are
 */
public record EcFiles(Path base, int generation) {
    public EcFiles {
        HayloftException.checkArgument(generation >= 0, "a generation is 0 or more, got " + generation);
    }

    /** The files of generation 0. */
    public EcFiles(Path base) {
        this(base, 0);
    }

    /** The generation-0 files of the volume whose {@code .dat} is {@code dat}. */
    public static EcFiles of(Path dat) {
        String name = dat.getFileName().toString();
        return new EcFiles(dat.resolveSibling(name.endsWith(".dat") ? name.substring(0, name.length() - 4) : name));
    }

    /** The same volume's files of generation {@code g}. */
    public EcFiles withGeneration(int g) {
        return new EcFiles(base, g);
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

    /** The volume's generation pointer {@code <base>.ecg}: one file for all generations. */
    public Path pointer() {
        return base.resolveSibling(base.getFileName() + ".ecg");
    }

    /**
     * The generation a file name of this volume's is of: {@code 0} for {@code <base>.ec03}, {@code 2} for
     * {@code <base>.g2.ecx}; -1 when it is not one of its erasure-coding files.
     */
    public int generationOf(String fileName) {
        String prefix = base.getFileName() + ".";
        if (!fileName.startsWith(prefix)) {
            return -1;
        }
        String rest = fileName.substring(prefix.length());
        if (rest.matches("(ec[0-9][0-9]|ecx|ecm|ecj)(\\.copying)?")) {
            return 0;
        }
        if (rest.matches("g[1-9][0-9]{0,8}\\.(ec[0-9][0-9]|ecx|ecm|ecj)(\\.copying)?")) {
            return Integer.parseInt(rest.substring(1, rest.indexOf('.')));
        }
        return -1;
    }

    private Path sibling(String extension) {
        String g = generation == 0 ? "" : ".g" + generation;
        return base.resolveSibling(base.getFileName() + g + extension);
    }
}
