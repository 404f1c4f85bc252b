package io.hayloft.s3.payload;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The S3 checksums a client may send ({@code x-amz-checksum-<name>}, base64 of the big-endian value),
 * each as a fresh accumulator. CRC64NVME is not computed yet: a request naming it is refused rather
 * than stored unchecked.
 */
public enum ChecksumAlgorithm {
    CRC32("crc32"), CRC32C("crc32c"), SHA1("sha1"), SHA256("sha256");

    private final String name;

    ChecksumAlgorithm(String name) {
        this.name = name;
    }

    /** The header that carries it, e.g. {@code x-amz-checksum-crc32}. */
    public String header() {
        return "x-amz-checksum-" + name;
    }

    /**
     * The algorithm of header {@code x-amz-checksum-<name>}, or null when {@code header} is none.
     *
     * @throws S3Exception NotImplemented for crc64nvme, InvalidArgument for an unknown name
     */
    public static ChecksumAlgorithm ofHeader(String header) {
        String h = header.toLowerCase(Locale.ROOT).strip();
        if (!h.startsWith("x-amz-checksum-") || h.equals("x-amz-checksum-mode") || h.equals("x-amz-checksum-type")
                || h.equals("x-amz-checksum-algorithm")) {
            return null;
        }
        String n = h.substring("x-amz-checksum-".length());
        for (ChecksumAlgorithm a : values()) {
            if (a.name.equals(n)) {
                return a;
            }
        }
        if (n.equals("crc64nvme")) {
            throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "x-amz-checksum-crc64nvme is not supported yet: use"
                    + " crc32, crc32c, sha1 or sha256");
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "unknown checksum header " + header);
    }

    /** A fresh accumulator. */
    public Accumulator start() {
        return switch (this) {
            case CRC32 -> new CrcAccumulator(new CRC32());
            case CRC32C -> new CrcAccumulator(new CRC32C());
            case SHA1 -> new DigestAccumulator(digest("SHA-1"));
            case SHA256 -> new DigestAccumulator(digest("SHA-256"));
        };
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + name, e);
        }
    }

    /** Accumulates bytes; {@link #base64()} is the checksum as S3 writes it. One thread. */
    public interface Accumulator {
        void update(byte[] b, int off, int len);

        String base64();
    }

    private record CrcAccumulator(Checksum crc) implements Accumulator {
        @Override
        public void update(byte[] b, int off, int len) {
            crc.update(b, off, len);
        }

        @Override
        public String base64() {
            return java.util.Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        }
    }

    private record DigestAccumulator(MessageDigest digest) implements Accumulator {
        @Override
        public void update(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }

        @Override
        public String base64() {
            return java.util.Base64.getEncoder().encodeToString(digest.digest());
        }
    }
}
