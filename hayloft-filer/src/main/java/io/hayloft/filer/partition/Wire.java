package io.hayloft.filer.partition;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.EntryCodec;
import io.hayloft.filer.store.UploadIntent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary building blocks of the messages between a partition's clients and its replicas (commands,
 * queries, replies): big-endian {@link DataOutputStream} fields, strings as modified UTF-8 with a u16
 * length (paths are at most 4096 bytes), byte arrays and lists with an i32 count, entries as a path and
 * their {@link EntryCodec} bytes. Every reader checks what it reads and throws on a malformed message.
 */
final class Wire {
    private Wire() {
    }

    /** Writes fields into a byte array. Not thread-safe. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Out u8(int v) {
            return io(() -> out.writeByte(v));
        }

        Out bool(boolean v) {
            return io(() -> out.writeBoolean(v));
        }

        Out i32(int v) {
            return io(() -> out.writeInt(v));
        }

        Out i64(long v) {
            return io(() -> out.writeLong(v));
        }

        Out str(String s) {
            return io(() -> out.writeUTF(s));
        }

        Out bytes(byte[] b) {
            return io(() -> {
                out.writeInt(b.length);
                out.write(b);
            });
        }

        Out path(FullPath p) {
            return str(p.value());
        }

        Out instant(Instant t) {
            return i64(t.getEpochSecond()).i32(t.getNano());
        }

        Out entry(Entry e) {
            return path(e.path()).bytes(EntryCodec.encode(e));
        }

        Out entries(List<Entry> es) {
            i32(es.size());
            es.forEach(this::entry);
            return this;
        }

        Out paths(List<FullPath> ps) {
            i32(ps.size());
            ps.forEach(this::path);
            return this;
        }

        Out fids(List<FileId> fids) {
            i32(fids.size());
            fids.forEach(f -> str(f.toString()));
            return this;
        }

        Out intents(List<UploadIntent> intents) {
            i32(intents.size());
            intents.forEach(i -> str(i.owner()).str(i.fid().toString()));
            return this;
        }

        byte[] toBytes() {
            return bytes.toByteArray();
        }

        private Out io(IoAction a) {
            try {
                a.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream never throws
            }
            return this;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** Reads fields from a byte array; a malformed message is a BAD_REQUEST. Not thread-safe. */
    static final class In {
        private final DataInputStream in;

        In(byte[] message) {
            this.in = new DataInputStream(new ByteArrayInputStream(message));
        }

        int u8() {
            return io(() -> in.readUnsignedByte());
        }

        boolean bool() {
            return io(() -> in.readBoolean());
        }

        int i32() {
            return io(() -> in.readInt());
        }

        long i64() {
            return io(() -> in.readLong());
        }

        String str() {
            return io(() -> in.readUTF());
        }

        byte[] bytes() {
            return io(() -> {
                int n = in.readInt();
                if (n < 0 || n > in.available()) {
                    throw new IOException("byte array of " + n + " bytes");
                }
                return in.readNBytes(n);
            });
        }

        FullPath path() {
            return new FullPath(str());
        }

        Instant instant() {
            long seconds = i64();
            return Instant.ofEpochSecond(seconds, i32());
        }

        Entry entry() {
            FullPath p = path();
            return EntryCodec.decode(p, bytes());
        }

        List<Entry> entries() {
            int n = count();
            List<Entry> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(entry());
            }
            return out;
        }

        List<FullPath> paths() {
            int n = count();
            List<FullPath> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(path());
            }
            return out;
        }

        List<FileId> fids() {
            int n = count();
            List<FileId> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(FileId.parse(str()));
            }
            return out;
        }

        List<UploadIntent> intents() {
            int n = count();
            List<UploadIntent> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String owner = str();
                out.add(new UploadIntent(owner, FileId.parse(str())));
            }
            return out;
        }

        /** A list's element count: never more than the bytes left (every element takes at least one). */
        int count() {
            int n = i32();
            if (n < 0 || n > io(() -> in.available())) {
                throw HayloftException.badRequest("malformed partition message: a list of " + n + " elements");
            }
            return n;
        }

        private <T> T io(IoRead<T> r) {
            try {
                return r.read();
            } catch (IOException e) {
                throw new HayloftException(ErrorCode.BAD_REQUEST, "malformed partition message: " + e.getMessage(), e);
            }
        }
    }

    @FunctionalInterface
    private interface IoRead<T> {
        T read() throws IOException;
    }
}
