package io.hayloft.s3.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;

/**
 * The key pair a gateway without a config file runs with: generated at its first start, kept in its
 * data directory (an identities file readable by its owner only) and reused afterwards, so the
 * gateway never serves anonymous writes by default.
 */
public final class GeneratedKeys {
    /** The file, inside the gateway's data directory. */
    public static final String FILE_NAME = "s3-identities.json";
    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private GeneratedKeys() {
    }

    /**
     * The identities of {@code dir}, with the generated admin pair.
     *
     * @param identities what the gateway checks requests against
     * @param created    the pair when this call generated it (print it once), else null
     * @param file       where it is kept
     */
    public record Keys(Identities identities, Identity.Credential created, Path file) {
    }

    /**
     * Reads {@code dir}/{@value #FILE_NAME}, or creates it with a fresh admin key pair.
     *
     * @throws UncheckedIOException when the directory or file cannot be written or read
     */
    public static Keys loadOrCreate(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                SecureRandom random = new SecureRandom();
                Identity.Credential credential = new Identity.Credential(random(random, KEY_CHARS, 20),
                        random(random, SECRET_CHARS, 40));
                Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
                try {
                    restrict(tmp);
                    Identities.write(tmp, List.of(new Identity("admin", List.of(credential), List.of(Grant.parse("Admin")))));
                    Files.move(tmp, file);
                    return new Keys(Identities.load(file), credential, file);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return new Keys(Identities.load(file), null, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the S3 key pair in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the directory's own protection applies
        }
    }

    private static String random(SecureRandom random, String alphabet, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
