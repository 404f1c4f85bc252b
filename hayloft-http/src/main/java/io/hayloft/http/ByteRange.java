package io.hayloft.http;

import java.util.Optional;

/**
 * One byte range of a {@code Range: bytes=...} request header, resolved against a length
 * (RFC 9110 §14): {@code a-b}, {@code a-} and the suffix form {@code -n}.
 *
 * @param start first byte, inclusive
 * @param end   last byte, inclusive
 */
public record ByteRange(long start, long end) {
    /** Raised when no requested range overlaps the data: answered 416. */
    public static final class Unsatisfiable extends RuntimeException {
        Unsatisfiable(String header) {
            super("range '" + header + "' is not satisfiable");
        }
    }

    /**
     * Resolves a {@code Range} header against {@code length}.
     *
     * @return the range, or empty when the header is absent, not a bytes range, malformed or asks for
     *         several ranges (the whole body is then sent, as RFC 9110 allows)
     * @throws Unsatisfiable when the range lies wholly outside the data
     */
    public static Optional<ByteRange> parse(String header, long length) {
        if (header == null || !header.startsWith("bytes=")) {
            return Optional.empty();
        }
        String spec = header.substring(6).trim();
        if (spec.isEmpty() || spec.contains(",")) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (!digits(a) || !digits(b) || (a.isEmpty() && b.isEmpty())) {
            return Optional.empty();
        }
        if (a.isEmpty()) {
            long n = Long.parseLong(b);
            if (n == 0 || length == 0) {
                throw new Unsatisfiable(header);
            }
            return Optional.of(new ByteRange(Math.max(0, length - n), length - 1));
        }
        long start = Long.parseLong(a);
        long end = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
        if (!b.isEmpty() && Long.parseLong(b) < start) {
            return Optional.empty();
        }
        if (start >= length) {
            throw new Unsatisfiable(header);
        }
        return Optional.of(new ByteRange(start, end));
    }

    private static boolean digits(String s) {
        return s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Number of bytes in the range. */
    public long length() {
        return end - start + 1;
    }

    /** The {@code Content-Range} value for this range of {@code total} bytes. */
    public String contentRange(long total) {
        return "bytes " + start + "-" + end + "/" + total;
    }
}
