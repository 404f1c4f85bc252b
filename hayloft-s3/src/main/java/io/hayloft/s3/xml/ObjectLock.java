package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * S3 Object Lock's documents: a bucket's {@code ObjectLockConfiguration} (enabled, with an optional default
 * retention of a mode and days or years), an object's {@code Retention} (mode and retain-until date) and
 * {@code LegalHold} (ON or OFF). Parsed strictly (MalformedXML, InvalidRetentionPeriod), written as S3
 * answers them. Immutable.
 */
public final class ObjectLock {
    /** The two retention modes: GOVERNANCE (lifted with {@code x-amz-bypass-governance-retention}) and COMPLIANCE. */
    public static final java.util.Set<String> MODES = java.util.Set.of("GOVERNANCE", "COMPLIANCE");

    private ObjectLock() {
    }

    /**
     * A bucket's lock configuration.
     *
     * @param mode the default retention's mode, or null for none
     * @param days its length in days (0 when given in years)
     * @param years its length in years (0 when given in days)
     */
    public record Configuration(String mode, int days, int years) {
        /** How long the default retention keeps a new object, or empty. */
        public Optional<Duration> defaultRetention() {
            return mode == null ? Optional.empty() : Optional.of(Duration.ofDays(days > 0 ? days : 365L * years));
        }

        /** The document GetObjectLockConfiguration answers. */
        public byte[] toXml() {
            XmlWriter w = XmlWriter.document("ObjectLockConfiguration", true).element("ObjectLockEnabled", "Enabled");
            if (mode != null) {
                w.start("Rule").start("DefaultRetention").element("Mode", mode);
                if (days > 0) {
                    w.element("Days", days);
                } else {
                    w.element("Years", years);
                }
                w.end().end();
            }
            return w.finish();
        }
    }

    /**
     * Parses PutObjectLockConfiguration's body.
     *
     * @throws S3Exception MalformedXML (not enabled, an unknown mode, both or neither of days and years),
     *                     InvalidRetentionPeriod (not positive)
     */
    public static Configuration parseConfiguration(byte[] body) {
        XmlTree root = XmlTree.parse(body, "ObjectLockConfiguration");
        if (!"Enabled".equals(root.text("ObjectLockEnabled").orElse(""))) {
            throw XmlTree.malformed("ObjectLockEnabled must be Enabled");
        }
        Optional<XmlTree> retention = root.first("Rule").flatMap(r -> r.first("DefaultRetention"));
        if (retention.isEmpty()) {
            return new Configuration(null, 0, 0);
        }
        String mode = retention.get().text("Mode").orElse("");
        if (!MODES.contains(mode)) {
            throw XmlTree.malformed("the default retention's Mode is GOVERNANCE or COMPLIANCE");
        }
        Optional<String> days = retention.get().text("Days");
        Optional<String> years = retention.get().text("Years");
        if (days.isPresent() == years.isPresent()) {
            throw XmlTree.malformed("a default retention has Days or Years, not both");
        }
        int n;
        try {
            n = Integer.parseInt(days.orElseGet(years::get));
        } catch (NumberFormatException e) {
            throw XmlTree.malformed("Days and Years are integers");
        }
        S3Exception.check(n > 0, S3ErrorCode.INVALID_RETENTION_PERIOD, "the default retention period must be a"
                + " positive integer value");
        return days.isPresent() ? new Configuration(mode, n, 0) : new Configuration(mode, 0, n);
    }

    /** An object's retention. */
    public record Retention(String mode, Instant retainUntil) {
        /** The document GetObjectRetention answers. */
        public byte[] toXml() {
            return XmlWriter.document("Retention", true).element("Mode", mode)
                    .element("RetainUntilDate", retainUntil).finish();
        }
    }

    /**
     * Parses PutObjectRetention's body.
     *
     * @throws S3Exception MalformedXML (an unknown mode, a missing or malformed date)
     */
    public static Retention parseRetention(byte[] body) {
        XmlTree root = XmlTree.parse(body, "Retention");
        String mode = root.text("Mode").orElse("");
        if (!MODES.contains(mode)) {
            throw XmlTree.malformed("the retention's Mode is GOVERNANCE or COMPLIANCE");
        }
        return new Retention(mode, date(root.text("RetainUntilDate").orElse("")));
    }

    /** A retain-until date as S3 writes it (ISO 8601), or MalformedXML. */
    public static Instant date(String text) {
        try {
            return java.time.OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException e2) {
                throw XmlTree.malformed("RetainUntilDate is not an ISO 8601 date: " + text);
            }
        }
    }

    /**
     * Parses PutObjectLegalHold's body: true for ON.
     *
     * @throws S3Exception MalformedXML (a Status other than ON or OFF)
     */
    public static boolean parseLegalHold(byte[] body) {
        String status = XmlTree.parse(body, "LegalHold").text("Status").orElse("");
        if (!status.equals("ON") && !status.equals("OFF")) {
            throw XmlTree.malformed("the legal hold's Status is ON or OFF");
        }
        return status.equals("ON");
    }

    /** The document GetObjectLegalHold answers. */
    public static byte[] legalHoldXml(boolean on) {
        return XmlWriter.document("LegalHold", true).element("Status", on ? "ON" : "OFF").finish();
    }
}
