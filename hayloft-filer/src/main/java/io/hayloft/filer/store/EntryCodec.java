package io.hayloft.filer.store;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of an entry, shared by the stores (the RocksDB value of an entry key, the
 * PostgreSQL {@code meta} column); the path is in the key, not here.
 * Big-endian; a "str" is a u32 byte length followed by that many bytes of UTF-8.
 * <pre>
 *   u8   format version = 1            (anything else is refused as CORRUPT)
 *   u8   flags: bit 0 directory, bit 1 inline content follows
 *   i64  size (bytes)
 *   i32  mode, i32 uid, i32 gid
 *   i64  mtime seconds, i32 mtime nanos
 *   i64  crtime seconds, i32 crtime nanos
 *   str  mime
 *   str  md5 (lowercase hex, or empty)
 *   u8   ttl count, u8 ttl unit code   (as {@link Ttl#fromBytes})
 *   u32  number of user metadata pairs, then for each: str key, str value
 *   u32  number of chunks, then for each:
 *          str fid ("3,01637037d6"), i64 offset, i64 size, i64 mtime ns, str eTag
 *   if flags bit 1:  u32 length, then the inline content bytes
 * </pre>
 * The deletion queue value is: u8 version = 1, str fid, i64 enqueue time (epoch milliseconds).
 */
public final class EntryCodec {
    public static final int VERSION = 1;
    private static final int DIRECTORY = 1;
    private static final int INLINE = 2;

    private EntryCodec() {
    }

    /** The bytes of {@code e} in the format above. */
    public static byte[] encode(Entry e) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + e.content().length + 64 * e.chunks().size());
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            boolean inline = e.content().length > 0;
            out.writeByte((e.directory() ? DIRECTORY : 0) | (inline ? INLINE : 0));
            out.writeLong(e.size());
            out.writeInt(e.mode());
            out.writeInt(e.uid());
            out.writeInt(e.gid());
            writeInstant(out, e.mtime());
            writeInstant(out, e.crtime());
            writeString(out, e.mime());
            writeString(out, e.md5());
            out.writeByte(e.ttl().countByte());
            out.writeByte(e.ttl().unitByte());
            out.writeInt(e.extended().size());
            for (Map.Entry<String, String> kv : e.extended().entrySet()) {
                writeString(out, kv.getKey());
                writeString(out, kv.getValue());
            }
            out.writeInt(e.chunks().size());
            for (FileChunk c : e.chunks()) {
                writeString(out, c.fid().toString());
                out.writeLong(c.offset());
                out.writeLong(c.size());
                out.writeLong(c.mtimeNs());
                writeString(out, c.eTag());
            }
            if (inline) {
                out.writeInt(e.content().length);
                out.write(e.content());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new IllegalStateException("writing to memory cannot fail", ex);
        }
    }

    /**
     * The entry at {@code path} stored as {@code value}.
     *
     * @throws HayloftException CORRUPT when {@code value} is not in the format above
     */
    public static Entry decode(FullPath path, byte[] value) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw corrupt(path, "unknown entry format version " + version);
            }
            int flags = in.readUnsignedByte();
            long size = in.readLong();
            int mode = in.readInt();
            int uid = in.readInt();
            int gid = in.readInt();
            Instant mtime = readInstant(in);
            Instant crtime = readInstant(in);
            String mime = readString(in);
            String md5 = readString(in);
            Ttl ttl = Ttl.fromBytes(in.readByte(), in.readByte());
            int pairs = in.readInt();
            Map<String, String> extended = new LinkedHashMap<>();
            for (int i = 0; i < pairs; i++) {
                extended.put(readString(in), readString(in));
            }
            int chunkCount = in.readInt();
            List<FileChunk> chunks = new ArrayList<>(Math.min(chunkCount, 1 << 16));
            for (int i = 0; i < chunkCount; i++) {
                chunks.add(new FileChunk(FileId.parse(readString(in)), in.readLong(), in.readLong(), in.readLong(),
                        readString(in)));
            }
            byte[] content = null;
            if ((flags & INLINE) != 0) {
                content = in.readNBytes(in.readInt());
            }
            return new Entry(path, (flags & DIRECTORY) != 0, size, mode, uid, gid, mtime, crtime, mime, md5, ttl,
                    extended, chunks, content);
        } catch (IOException | HayloftException ex) {
            throw corrupt(path, ex.getMessage());
        }
    }

    /** The deletion queue value of {@code fid} queued at {@code enqueuedAt}. */
    public static byte[] encodeDeletion(FileId fid, Instant enqueuedAt) {
        byte[] f = fid.toString().getBytes(StandardCharsets.UTF_8);
        return java.nio.ByteBuffer.allocate(1 + 4 + f.length + 8)
                .put((byte) VERSION).putInt(f.length).put(f).putLong(enqueuedAt.toEpochMilli()).array();
    }

    /** The queued deletion stored as {@code value} at {@code sequence}. */
    public static io.hayloft.filer.store.PendingDeletion decodeDeletion(long sequence, byte[] value) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(value);
        int version = b.get() & 0xFF;
        if (version != VERSION) {
            throw new HayloftException(ErrorCode.CORRUPT, "deletion " + sequence + ": unknown format version " + version);
        }
        byte[] f = new byte[b.getInt()];
        b.get(f);
        return new io.hayloft.filer.store.PendingDeletion(sequence, FileId.parse(new String(f, StandardCharsets.UTF_8)),
                Instant.ofEpochMilli(b.getLong()));
    }

    private static HayloftException corrupt(FullPath path, String why) {
        return new HayloftException(ErrorCode.CORRUPT, "stored entry " + path + " cannot be decoded: " + why);
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("string length " + n + " exceeds the value");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
