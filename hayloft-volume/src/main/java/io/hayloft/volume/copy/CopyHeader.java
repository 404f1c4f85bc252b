package io.hayloft.volume.copy;

import io.hayloft.api.Collections;
import io.hayloft.api.HayloftException;
import io.hayloft.storage.SuperBlock;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeSnapshot;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header of a volume copy stream ({@code GET /admin/volume/copy}), which is followed by
 * {@code idxLength} bytes of {@code .idx} and {@code datLength} bytes of {@code .dat}:
 *
 * <pre>
 * offset  size  field
 *  0      4     magic "HLVC" (ASCII)
 *  4      4     format version, u32 big-endian: 1
 *  8      8     idxLength, u64 big-endian, a multiple of 16
 * 16      8     datLength, u64 big-endian, at least 8 (the superblock), at most Volume.MAX_SIZE
 * 24      2     collection name length c, u16 big-endian
 * 26      c     collection name, UTF-8 ("" for the default collection)
 * </pre>
 *
 * The volume id is not in the stream: the receiver asked for it by id.
 *
 * @param collection the volume's collection, {@code ""} for the default one
 * @param idxLength  bytes of {@code .idx} that follow the header
 * @param datLength  bytes of {@code .dat} that follow the index bytes, superblock first
 */
public record CopyHeader(String collection, long idxLength, long datLength) {
    /** {@code "HLVC"}. */
    private static final byte[] MAGIC = {'H', 'L', 'V', 'C'};
    /** The only format version written and read. */
    public static final int VERSION = 1;
    /** Size of the header without the collection name. */
    public static final int FIXED_SIZE = 26;
    private static final int INDEX_ENTRY_SIZE = 16;

    /**
     * @throws HayloftException {@code BAD_REQUEST} for an invalid collection or impossible lengths
     */
    public CopyHeader {
        Collections.check(collection);
        HayloftException.checkArgument(idxLength >= 0 && idxLength % INDEX_ENTRY_SIZE == 0,
                "idxLength must be a non-negative multiple of " + INDEX_ENTRY_SIZE + ", got " + idxLength);
        HayloftException.checkArgument(datLength >= SuperBlock.SIZE && datLength <= Volume.MAX_SIZE,
                "datLength must be between " + SuperBlock.SIZE + " and " + Volume.MAX_SIZE + ", got " + datLength);
    }

    /** The header describing {@code snapshot}. */
    public static CopyHeader of(VolumeSnapshot snapshot) {
        return new CopyHeader(snapshot.collection(), snapshot.idxLength(), snapshot.datLength());
    }

    /** The header's bytes, as laid out above. */
    public byte[] encode() {
        byte[] name = collection.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(FIXED_SIZE + name.length);
        b.put(MAGIC).putInt(VERSION).putLong(idxLength).putLong(datLength).putShort((short) name.length).put(name);
        return b.array();
    }

    /** Bytes of the whole stream: this header, the index bytes and the data bytes. */
    public long streamLength() {
        return FIXED_SIZE + collection.getBytes(StandardCharsets.UTF_8).length + idxLength + datLength;
    }

    /**
     * Reads and checks a header from the start of a copy stream, leaving {@code in} at the first
     * index byte. Blocking.
     *
     * @throws CopyStreamException if the stream ends inside the header, or the magic, version,
     *                             lengths or collection are not valid
     * @throws IOException         if reading fails
     */
    public static CopyHeader read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] fixed = new byte[FIXED_SIZE];
        try {
            data.readFully(fixed);
        } catch (EOFException e) {
            throw new CopyStreamException("volume copy stream ended inside its " + FIXED_SIZE + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(fixed);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CopyStreamException("not a volume copy stream: magic is " + printable(magic) + ", expected HLVC");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new CopyStreamException("volume copy stream version " + Integer.toUnsignedString(version)
                    + " is not supported (only " + VERSION + ")");
        }
        long idxLength = b.getLong();
        long datLength = b.getLong();
        int nameLength = Short.toUnsignedInt(b.getShort());
        byte[] name = new byte[nameLength];
        try {
            data.readFully(name);
        } catch (EOFException e) {
            throw new CopyStreamException("volume copy stream ended inside its collection name");
        }
        try {
            String collection = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(name)).toString();
            return new CopyHeader(collection, idxLength, datLength);
        } catch (CharacterCodingException e) {
            throw new CopyStreamException("volume copy stream: collection name is not UTF-8");
        } catch (HayloftException e) {
            throw new CopyStreamException("volume copy stream: bad header: " + e.getMessage());
        }
    }

    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder("0x");
        for (byte x : bytes) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
