package io.hayloft.s3.object;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;

/**
 * S3's bucket naming rules (general purpose buckets): 3 to 63 characters of lower-case letters,
 * digits, {@code .} and {@code -}; beginning and ending with a letter or digit; no {@code ..}; not an
 * IPv4 address; not starting with {@code xn--}, {@code sthree-} or {@code amzn-s3-demo-}; not ending
 * with {@code -s3alias} or {@code --ol-s3}.
 */
public final class BucketName {
    /** A name of the form of an IPv4 address, which buckets may not have (compiled once: checked per request). */
    private static final java.util.regex.Pattern IP_ADDRESS =
            java.util.regex.Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private BucketName() {
    }

    /**
     * Checks {@code name}.
     *
     * @return {@code name}
     * @throws S3Exception InvalidBucketName naming the rule it breaks
     */
    public static String check(String name) {
        String why = problem(name);
        if (why != null) {
            throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME, "The specified bucket is not valid: " + why);
        }
        return name;
    }

    /** Why {@code name} is not a valid bucket name, or null when it is. */
    public static String problem(String name) {
        if (name.length() < 3 || name.length() > 63) {
            return "a bucket name is 3 to 63 characters long";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
                return "a bucket name has only lower-case letters, digits, '.' and '-'";
            }
        }
        if (!Character.isLetterOrDigit(name.charAt(0)) || !Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
            return "a bucket name begins and ends with a letter or a digit";
        }
        if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
            return "a bucket name has no '..', '.-' or '-.'";
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            return "a bucket name is not an IP address";
        }
        if (name.startsWith("xn--") || name.startsWith("sthree-") || name.startsWith("amzn-s3-demo-")
                || name.endsWith("-s3alias") || name.endsWith("--ol-s3")) {
            return "the prefixes xn--, sthree-, amzn-s3-demo- and the suffixes -s3alias, --ol-s3 are reserved";
        }
        return null;
    }
}
