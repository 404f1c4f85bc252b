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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Checks shards against their block checksums (a scrub), rewrites a damaged block in place
 * ({@link #repairBlock}), and writes lost or damaged shards anew from the others: block by block, from the first
 * {@code dataShards} shards whose block matches its CRC-32C, each rebuilt block checked against the {@code .ecm}
 * before it is written. A rebuilt shard goes to a temporary file, forced, then renamed over the old one, so a
 * crash leaves the old shard or the whole new one.
 * The other shards are read at once ({@code dataShards} reads in flight, more only when some fail or do not
 * match), so a rebuild from other servers waits for the slowest of ten round trips, not their sum; a rebuild
 * reads many blocks per call and reads the next range while it writes the last ({@link #rebuild}). Stateless;
 * thread-safe.
 */
public final class EcShardRebuilder {
    /** How many bytes of each shard one read of a rebuild asks for, at most (whole blocks, at least one). */
    public static final int DEFAULT_READ_BYTES = 2 << 20;

    private final EcMetadata metadata;
    private final ReedSolomon code;
    private final int blocksPerRead;

    public EcShardRebuilder(EcMetadata metadata) {
        this(metadata, DEFAULT_READ_BYTES);
    }

    /**
     * @param readBytes how many bytes of each shard one read of a {@link #rebuild} asks for, at most (rounded down
     *                  to whole blocks, at least one)
     */
    public EcShardRebuilder(EcMetadata metadata, int readBytes) {
        this.metadata = metadata;
        this.code = new ReedSolomon(metadata.layout().dataShards(), metadata.parityShards());
        this.blocksPerRead = Math.max(1, Math.min(metadata.blocksPerShard(), readBytes / metadata.layout().smallBlock()));
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
        checkRebuilt(blocks[shard], 0, shard, block);
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

    private void checkRebuilt(byte[] rebuilt, int at, int shard, int block) {
        CRC32C crc = new CRC32C();
        crc.update(rebuilt, at, metadata.layout().smallBlock());
        if ((int) crc.getValue() != metadata.blockCrcs()[shard][block]) {
            throw new HayloftException(ErrorCode.CORRUPT, "rebuilt block " + block + " of shard " + shard
                    + " does not match its checksum");
        }
    }

    /**
     * Writes the shards {@code rebuild} anew as {@code files}'s shard files, from the others in {@code source}.
     * Streams: each of the {@code dataShards} other shards read is asked for a range of many blocks at once
     * ({@link #DEFAULT_READ_BYTES} a shard, whole blocks; the ten reads in parallel), and the next range is read
     * while the current one is decoded, checked and written. A block whose copy fails its checksum makes the
     * range read from one more shard. Memory: two ranges of every shard.
     *
     * @throws HayloftException CORRUPT when a block has fewer than {@code dataShards} good copies among the
     *                          others, or a rebuilt block does not match its checksum (nothing is replaced)
     * @throws UncheckedIOException when a shard file cannot be written
     */
    public void rebuild(EcFiles files, ShardSource source, SortedSet<Integer> rebuild) {
        HayloftException.checkArgument(!rebuild.isEmpty() && rebuild.last() < metadata.totalShards()
                && rebuild.first() >= 0, "shards to rebuild must be among 0.." + (metadata.totalShards() - 1));
        int total = metadata.totalShards();
        FileChannel[] out = new FileChannel[total];
        List<Path> temporary = new ArrayList<>();
        boolean done = false;
        try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s : rebuild) {
                Path tmp = files.shard(s).resolveSibling(files.shard(s).getFileName() + ".rebuild");
                temporary.add(tmp);
                out[s] = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }
            int blocks = metadata.blocksPerShard();
            byte[][][] buffers = {new byte[total][blocksPerRead * metadata.layout().smallBlock()],
                    new byte[total][blocksPerRead * metadata.layout().smallBlock()]};
            Future<boolean[][]> next = reader.submit(() -> gatherRange(source, 0, Math.min(blocksPerRead, blocks),
                    rebuild, buffers[0]));
            for (int first = 0, turn = 0; first < blocks; first += blocksPerRead, turn ^= 1) {
                boolean[][] good = await(next);
                int count = Math.min(blocksPerRead, blocks - first);
                int following = first + count;
                if (following < blocks) {
                    byte[][] spare = buffers[turn ^ 1];
                    next = reader.submit(() -> gatherRange(source, following,
                            Math.min(blocksPerRead, blocks - following), rebuild, spare));
                }
                decodeAndWrite(buffers[turn], good, first, count, rebuild, out);
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

    /**
     * Reads blocks {@code [first, first + count)} of the shards of {@code source} not in {@code exclude} into
     * {@code blocks} (block {@code first} at 0), one range a shard, until every block has {@code dataShards}
     * copies passing their checksums.
     *
     * @return {@code good[block - first][shard]}
     * @throws HayloftException CORRUPT when some block has fewer good copies
     */
    private boolean[][] gatherRange(ShardSource source, int first, int count, Set<Integer> exclude,
                                    byte[][] blocks) {
        int total = metadata.totalShards();
        int small = metadata.layout().smallBlock();
        List<Integer> candidates = new ArrayList<>();
        for (int s = 0; s < total; s++) {
            if (!exclude.contains(s) && source.has(s)) {
                candidates.add(s);
            }
        }
        boolean[][] good = new boolean[count][total];
        int[] have = new int[count];
        CRC32C crc = new CRC32C();
        int next = 0;
        int fewest = 0;
        while (fewest < code.dataShards() && next < candidates.size()) { // as many at once as still needed
            List<Integer> wave = candidates.subList(next, Math.min(candidates.size(), next + code.dataShards() - fewest));
            next += wave.size();
            boolean[] read = ShardReads.readAll(source, wave, (long) first * small, blocks, 0, count * small);
            for (int i = 0; i < wave.size(); i++) {
                int s = wave.get(i);
                for (int b = 0; read[i] && b < count; b++) {
                    crc.reset();
                    crc.update(blocks[s], b * small, small);
                    if ((int) crc.getValue() == metadata.blockCrcs()[s][first + b]) {
                        good[b][s] = true;
                        have[b]++;
                    }
                }
            }
            fewest = java.util.Arrays.stream(have).min().orElse(code.dataShards());
        }
        for (int b = 0; b < count; b++) {
            if (have[b] < code.dataShards()) {
                throw new HayloftException(ErrorCode.CORRUPT, "block " + (first + b) + " has only " + have[b]
                        + " good copies among the other shards; " + code.dataShards() + " are needed");
            }
        }
        return good;
    }

    /** Rebuilds the wanted shards' blocks of one range (runs of blocks with the same good copies at once). */
    private void decodeAndWrite(byte[][] blocks, boolean[][] good, int first, int count, SortedSet<Integer> rebuild,
                                FileChannel[] out) throws IOException {
        int small = metadata.layout().smallBlock();
        boolean[] wanted = new boolean[metadata.totalShards()];
        rebuild.forEach(s -> wanted[s] = true);
        for (int b = 0; b < count; ) {
            int end = b + 1;
            while (end < count && java.util.Arrays.equals(good[end], good[b])) {
                end++;
            }
            code.reconstructSome(blocks, good[b], wanted, b * small, (end - b) * small);
            b = end;
        }
        for (int s : rebuild) {
            for (int b = 0; b < count; b++) {
                checkRebuilt(blocks[s], b * small, s, first + b);
            }
            ByteBuffer buffer = ByteBuffer.wrap(blocks[s], 0, count * small);
            while (buffer.hasRemaining()) {
                out[s].write(buffer);
            }
        }
    }

    private static <T> T await(Future<T> read) throws IOException {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the other shards", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }
}
