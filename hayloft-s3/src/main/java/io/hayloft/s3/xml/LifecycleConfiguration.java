package io.hayloft.s3.xml;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A bucket's lifecycle configuration (PutBucketLifecycleConfiguration): expiration rules, each with an
 * {@code ID}, a {@code Status}, a filter (a prefix, the legacy top-level {@code Prefix}, tags, object size
 * bounds, or an {@code And} of them) and its actions: {@code Expiration} ({@code Days}, {@code Date} or
 * {@code ExpiredObjectDeleteMarker}), {@code NoncurrentVersionExpiration} ({@code NoncurrentDays}),
 * {@code AbortIncompleteMultipartUpload} ({@code DaysAfterInitiation}). Transitions are refused
 * ({@code NotImplemented}: the gateway has one storage class). A rule without an ID gets a generated one.
 * Immutable.
 */
public record LifecycleConfiguration(List<Rule> rules) {
    /** S3's limit of rules. */
    public static final int MAX_RULES = 1000;
    /** S3's longest rule ID. */
    public static final int MAX_ID_LENGTH = 255;

    public LifecycleConfiguration {
        rules = List.copyOf(rules);
    }

    /**
     * One rule. A count of days or a size bound of -1, and a null date, are not set.
     *
     * @param tags the tags an object must all have (key → value)
     */
    public record Rule(String id, boolean enabled, String prefix, Map<String, String> tags, long sizeGreaterThan,
                       long sizeLessThan, int expirationDays, Instant expirationDate, boolean expiredObjectDeleteMarker,
                       int noncurrentDays, int abortDays) {
        public Rule {
            tags = Map.copyOf(tags);
        }

        /** True when an object of {@code key}, {@code size} bytes and {@code objectTags} is in this rule's scope. */
        public boolean covers(String key, long size, Map<String, String> objectTags) {
            if (!key.startsWith(prefix)) {
                return false;
            }
            if (sizeGreaterThan >= 0 && size <= sizeGreaterThan || sizeLessThan >= 0 && size >= sizeLessThan) {
                return false;
            }
            return tags.entrySet().stream().allMatch(t -> t.getValue().equals(objectTags.get(t.getKey())));
        }
    }

    /**
     * When an object expires by these rules, and which rule: the earliest of the enabled rules that cover it,
     * a rule's {@code Days} counted from {@code lastModified} and rounded up to the next midnight UTC (as AWS
     * reports it in {@code x-amz-expiration}), its {@code Date} as it is.
     *
     * @param day how long a rule's day is (one day but in tests)
     */
    public java.util.Optional<Expiry> expiry(String key, long size, Map<String, String> tags, Instant lastModified,
                                             java.time.Duration day) {
        Expiry best = null;
        for (Rule r : rules) {
            if (!r.enabled() || !r.covers(key, size, tags)) {
                continue;
            }
            Instant at = null;
            if (r.expirationDays() > 0) {
                Instant raw = lastModified.plus(day.multipliedBy(r.expirationDays()));
                Instant midnight = raw.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
                at = day.equals(java.time.Duration.ofDays(1)) && !midnight.equals(raw) ? midnight.plus(day) : raw;
            } else if (r.expirationDate() != null) {
                at = r.expirationDate();
            }
            if (at != null && (best == null || at.isBefore(best.date()))) {
                best = new Expiry(at, r.id());
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /** When an object expires and by which rule. */
    public record Expiry(Instant date, String ruleId) {
        /** The {@code x-amz-expiration} header's value. */
        public String header() {
            return "expiry-date=\"" + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    date.atOffset(java.time.ZoneOffset.UTC)) + "\", rule-id=\"" + ruleId + "\"";
        }
    }

    /**
     * Parses and checks {@code body}.
     *
     * @throws S3Exception MalformedXML (not such a document, a Status other than Enabled or Disabled, a rule
     *                     with no action), InvalidArgument (an ID over 255 characters or used twice, days not
     *                     positive, a date not at midnight UTC), NotImplemented (transitions)
     */
    public static LifecycleConfiguration parse(byte[] body) {
        XmlTree root = XmlTree.parse(body, "LifecycleConfiguration");
        List<XmlTree> rules = root.all("Rule");
        if (rules.isEmpty() || rules.size() > MAX_RULES) {
            throw XmlTree.malformed("a lifecycle configuration has 1.." + MAX_RULES + " Rule elements");
        }
        Set<String> ids = new HashSet<>();
        List<Rule> out = rules.stream().map(LifecycleConfiguration::rule).toList();
        for (Rule r : out) {
            S3Exception.check(ids.add(r.id()), S3ErrorCode.INVALID_ARGUMENT, "Rule ID must be unique. Found same ID"
                    + " for more than one rule: " + r.id());
        }
        return new LifecycleConfiguration(out);
    }

    private static Rule rule(XmlTree r) {
        String id = r.text("ID").orElse("");
        S3Exception.check(id.length() <= MAX_ID_LENGTH, S3ErrorCode.INVALID_ARGUMENT, "ID length should not exceed"
                + " allowed limit of " + MAX_ID_LENGTH);
        if (id.isEmpty()) {
            id = UUID.randomUUID().toString();
        }
        String status = r.text("Status").orElse("");
        if (!status.equals("Enabled") && !status.equals("Disabled")) {
            throw XmlTree.malformed("Status is Enabled or Disabled, not " + status);
        }
        S3Exception.check(r.first("Transition").isEmpty() && r.first("NoncurrentVersionTransition").isEmpty(),
                S3ErrorCode.NOT_IMPLEMENTED, "lifecycle transitions are not supported: this gateway has one storage"
                        + " class");
        String prefix = r.text("Prefix").orElse("");
        Map<String, String> tags = new LinkedHashMap<>();
        long[] sizes = {-1, -1};
        Optional<XmlTree> filter = r.first("Filter");
        if (filter.isPresent()) {
            XmlTree f = filter.get().first("And").orElse(filter.get());
            prefix = f.text("Prefix").orElse(prefix);
            for (XmlTree t : f.all("Tag")) {
                tags.put(t.text("Key").orElse(""), t.text("Value").orElse(""));
            }
            sizes[0] = f.text("ObjectSizeGreaterThan").map(v -> number(v, "ObjectSizeGreaterThan")).orElse(-1L);
            sizes[1] = f.text("ObjectSizeLessThan").map(v -> number(v, "ObjectSizeLessThan")).orElse(-1L);
        }
        int days = -1;
        Instant date = null;
        boolean marker = false;
        Optional<XmlTree> expiration = r.first("Expiration");
        if (expiration.isPresent()) {
            days = expiration.get().text("Days").map(v -> days(v, "Days")).orElse(-1);
            date = expiration.get().text("Date").map(LifecycleConfiguration::date).orElse(null);
            marker = expiration.get().text("ExpiredObjectDeleteMarker").map("true"::equals).orElse(false);
        }
        int noncurrent = r.first("NoncurrentVersionExpiration").flatMap(n -> n.text("NoncurrentDays"))
                .map(v -> days(v, "NoncurrentDays")).orElse(-1);
        int abort = r.first("AbortIncompleteMultipartUpload").flatMap(a -> a.text("DaysAfterInitiation"))
                .map(v -> days(v, "DaysAfterInitiation")).orElse(-1);
        if (days < 0 && date == null && !marker && noncurrent < 0 && abort < 0) {
            throw XmlTree.malformed("rule " + id + " has no action (Expiration, NoncurrentVersionExpiration or"
                    + " AbortIncompleteMultipartUpload)");
        }
        return new Rule(id, status.equals("Enabled"), prefix, tags, sizes[0], sizes[1], days, date, marker, noncurrent,
                abort);
    }

    private static int days(String v, String name) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "'" + name + "' for lifecycle must be a positive"
                + " integer, not " + v);
    }

    private static long number(String v, String name) {
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, name + " must be a non-negative integer, not " + v);
    }

    private static Instant date(String v) {
        try {
            Instant t = v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : java.time.OffsetDateTime.parse(v).toInstant();
            S3Exception.check(t.getEpochSecond() % 86_400 == 0 && t.getNano() == 0, S3ErrorCode.INVALID_ARGUMENT,
                    "'Date' must be at midnight GMT");
            return t;
        } catch (DateTimeParseException e) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "'Date' must be in ISO 8601 format: " + v);
        }
    }

    /** The configuration as GetBucketLifecycleConfiguration answers it. */
    public byte[] toXml() {
        XmlWriter w = XmlWriter.document("LifecycleConfiguration", true);
        for (Rule r : rules) {
            w.start("Rule").element("ID", r.id());
            w.start("Filter");
            int parts = (r.prefix().isEmpty() ? 0 : 1) + r.tags().size() + (r.sizeGreaterThan() >= 0 ? 1 : 0)
                    + (r.sizeLessThan() >= 0 ? 1 : 0);
            if (parts > 1) {
                w.start("And");
            }
            if (!r.prefix().isEmpty() || parts == 0) {
                w.element("Prefix", r.prefix());
            }
            r.tags().forEach((k, v) -> w.start("Tag").element("Key", k).element("Value", v).end());
            if (r.sizeGreaterThan() >= 0) {
                w.element("ObjectSizeGreaterThan", r.sizeGreaterThan());
            }
            if (r.sizeLessThan() >= 0) {
                w.element("ObjectSizeLessThan", r.sizeLessThan());
            }
            if (parts > 1) {
                w.end();
            }
            w.end();
            w.element("Status", r.enabled() ? "Enabled" : "Disabled");
            if (r.expirationDays() > 0 || r.expirationDate() != null || r.expiredObjectDeleteMarker()) {
                w.start("Expiration");
                if (r.expirationDays() > 0) {
                    w.element("Days", r.expirationDays());
                }
                if (r.expirationDate() != null) {
                    w.element("Date", r.expirationDate().toString().replace("Z", ".000Z"));
                }
                if (r.expiredObjectDeleteMarker()) {
                    w.element("ExpiredObjectDeleteMarker", true);
                }
                w.end();
            }
            if (r.noncurrentDays() > 0) {
                w.start("NoncurrentVersionExpiration").element("NoncurrentDays", r.noncurrentDays()).end();
            }
            if (r.abortDays() > 0) {
                w.start("AbortIncompleteMultipartUpload").element("DaysAfterInitiation", r.abortDays()).end();
            }
            w.end();
        }
        return w.finish();
    }
}
