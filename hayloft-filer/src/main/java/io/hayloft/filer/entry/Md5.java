package io.hayloft.filer.entry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5, the digest files' and S3 objects' entity tags are made of. Stateless. */
public final class Md5 {
    private Md5() {
    }

    /** A new MD5 digest (the JDK always provides one). */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides MD5", e);
        }
    }
}
