package io.hayloft.storage.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.zip.CRC32C;

/**
 * Checks shards against their block checksums (a scrub), rewrites a damaged block in place
 * ({@link #repairBlock}), and writes lost or damaged shards anew from the others: block by block, from the first {@code dataShards} shards whose block matches its CRC-32C, each
 * rebuilt block checked against the {@code .ecm} before it is written. A rebuilt shard goes to a temporary
 * file, forced, then renamed over the old one, so a crash leaves the old shard or the whole new one.
 * The blocks of the other shards are read at once ({@code dataShards} reads in flight, more only when some
 * fail or do not match), so a rebuild from other servers waits for the slowest of ten round trips a block,
 * not their sum. Memory: one small block per shard. Stateless; thread-safe.
 */
public final class EcShardRebuilder {
    private final EcMetadata metadata;
    private final ReedSolomon code;

    public EcShardRebuilder(EcMetadata metadata) {
        this.metadata = metadata;
        this.code = new ReedSolomon(metadata.layout().dataShards(), metadata.parityShards());
    }

    /**
     * The blocks of {@code shard} whose bytes do not match their checksum (or cannot be read).
     *
     * @return block indices in ascending order; empty for a sound shard
     */
    public List<Integer> badBlocks(ShardSource source, int shard) {
        List<Integer> bad = new ArrayList<>();
        byte[] block = new byte[metadata.layout().smallBlock()];
        for (int b = 0; b < metadata.blocksPerShard(); b++) {
            if (!blockSound(source, shard, b, block)) {
                bad.add(b);
            }
        }
        return bad;
    }

    /**
     * Whether block {@code block} of {@code shard} reads from {@code source} and matches its checksum.
     *
     * @param buffer at least {@link EcLayout#smallBlock()} bytes, overwritten
     */
    public boolean blockSound(ShardSource source, int shard, int block, byte[] buffer) {
        int small = metadata.layout().smallBlock();
        try {
            source.read(shard, (long) block * small, buffer, 0, small);
        } catch (IOException e) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer, 0, small);
        return (int) crc.getValue() == metadata.blockCrcs()[shard][block];
    }

    /**
     * Rebuilds block {@code block} of {@code shard} from the other shards of {@code source} and writes it in
     * place in {@code files}'s shard file, forced. A write torn by a crash leaves the block failing its
     * checksum, as it was: the next scrub repairs it again. The shard itself is never read.
     *
     * @throws HayloftException CORRUPT when fewer than {@code dataShards} other shards have a good copy of
     *                          the block, or the rebuilt block does not match its checksum (nothing written)
     * @throws UncheckedIOException when the shard file cannot be written
     */
    public void repairBlock(EcFiles files, ShardSource source, int shard, int block) {
        HayloftException.checkArgument(shard >= 0 && shard < metadata.totalShards()
                && block >= 0 && block < metadata.blocksPerShard(), "no block " + block + " of shard " + shard);
        int small = metadata.layout().smallBlock();
        byte[][] blocks = new byte[metadata.totalShards()][small];
        boolean[] good = gather(source, block, Set.of(shard), blocks);
        code.reconstruct(blocks, good, 0, small);
        checkRebuilt(blocks[shard], shard, block);
        try (FileChannel out = FileChannel.open(files.shard(shard), StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(blocks[shard], 0, small);
            while (buffer.hasRemaining()) {
                out.write(buffer, (long) block * small + buffer.position());
            }
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite block " + block + " of shard " + shard + " of "
                    + files.base(), e);
        }
    }

    /**
     * Reads block {@code block} of the shards of {@code source} not in {@code exclude} into {@code blocks}
     * until {@code dataShards} pass their checksum.
     *
     * @return which shards' blocks are good
     * @throws HayloftException CORRUPT when fewer than {@code dataShards} are
     */
    private boolean[] gather(ShardSource source, int block, Set<Integer> exclude, byte[][] blocks) {
        int total = metadata.totalShards();
        int small = metadata.layout().smallBlock();
        List<Integer> candidates = new ArrayList<>();
        for (int s = 0; s < total; s++) {
            if (!exclude.contains(s) && source.has(s)) {
                candidates.add(s);
            }
        }
        boolean[] good = new boolean[total];
        CRC32C crc = new CRC32C();
        int have = 0;
        int next = 0;
        while (have < code.dataShards() && next < candidates.size()) { // as many at once as still needed
            List<Integer> wave = candidates.subList(next, Math.min(candidates.size(), next + code.dataShards() - have));
            next += wave.size();
            boolean[] read = ShardReads.readAll(source, wave, (long) block * small, blocks, 0, small);
            for (int i = 0; i < wave.size(); i++) {
                int s = wave.get(i);
                if (!read[i]) {
                    continue;
                }
                crc.reset();
                crc.update(blocks[s], 0, small);
                if ((int) crc.getValue() == metadata.blockCrcs()[s][block]) {
                    good[s] = true;
                    have++;
                }
            }
        }
        if (have < code.dataShards()) {
            throw new HayloftException(ErrorCode.CORRUPT, "block " + block + " has only " + have
                    + " good copies among the other shards; " + code.dataShards() + " are needed");
        }
        return good;
    }

    private void checkRebuilt(byte[] rebuilt, int shard, int block) {
        CRC32C crc = new CRC32C();
        crc.update(rebuilt, 0, metadata.layout().smallBlock());
        if ((int) crc.getValue() != metadata.blockCrcs()[shard][block]) {
            throw new HayloftException(ErrorCode.CORRUPT, "rebuilt block " + block + " of shard " + shard
                    + " does not match its checksum");
        }
    }

    /**
     * Writes the shards {@code rebuild} anew as {@code files}'s shard files, from the others in {@code source}.
     *
     * @throws HayloftException CORRUPT when a block has fewer than {@code dataShards} good copies among the
     *                          others, or a rebuilt block does not match its checksum (nothing is replaced)
     * @throws UncheckedIOException when a shard file cannot be written
     */
    public void rebuild(EcFiles files, ShardSource source, SortedSet<Integer> rebuild) {
        HayloftException.checkArgument(!rebuild.isEmpty() && rebuild.last() < metadata.totalShards()
                && rebuild.first() >= 0, "shards to rebuild must be among 0.." + (metadata.totalShards() - 1));
        int total = metadata.totalShards();
        int small = metadata.layout().smallBlock();
        FileChannel[] out = new FileChannel[total];
        List<Path> temporary = new ArrayList<>();
        boolean done = false;
        try {
            for (int s : rebuild) {
                Path tmp = files.shard(s).resolveSibling(files.shard(s).getFileName() + ".rebuild");
                temporary.add(tmp);
                out[s] = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }
            byte[][] blocks = new byte[total][small];
            for (int b = 0; b < metadata.blocksPerShard(); b++) {
                boolean[] good = gather(source, b, rebuild, blocks);
                code.reconstruct(blocks, good, 0, small);
                for (int s : rebuild) {
                    checkRebuilt(blocks[s], s, b);
                    ByteBuffer buffer = ByteBuffer.wrap(blocks[s], 0, small);
                    while (buffer.hasRemaining()) {
                        out[s].write(buffer);
                    }
                }
            }
            for (int s : rebuild) {
                out[s].force(true);
                out[s].close();
                Files.move(files.shard(s).resolveSibling(files.shard(s).getFileName() + ".rebuild"), files.shard(s),
                        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rebuild shards " + rebuild + " of " + files.base(), e);
        } finally {
            for (FileChannel ch : out) {
                if (ch != null && ch.isOpen()) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // the temporary file goes below
                    }
                }
            }
            if (!done) {
                for (Path tmp : temporary) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // a leftover .rebuild file is never read
                    }
                }
            }
        }
    }
}
