package io.hayloft.api;

import java.time.Duration;

/**
 * Time to live: a count (1..255) and a unit. Text form {@code 3m 4h 5d 6w 7M 8y}; a bare number
 * means minutes; empty means "never expires". Stored as two bytes: count, then unit code
 * (0 none, 1 minute, 2 hour, 3 day, 4 week, 5 month = 30 days, 6 year = 365 days).
 * Counts above 255 are moved to the next larger unit, rounding up, as SeaweedFS does.
 */
public record Ttl(int count, Unit unit) {
    /** Never expires. */
    public static final Ttl NONE = new Ttl(0, Unit.NONE);

    /** TTL units and their on-disk codes. */
    public enum Unit {
        NONE(0, ' ', 0), MINUTE(1, 'm', 1), HOUR(2, 'h', 60), DAY(3, 'd', 60 * 24), WEEK(4, 'w', 60 * 24 * 7),
        MONTH(5, 'M', 60 * 24 * 30), YEAR(6, 'y', 60 * 24 * 365);

        final int code;
        final char symbol;
        final long minutes;

        Unit(int code, char symbol, long minutes) {
            this.code = code;
            this.symbol = symbol;
            this.minutes = minutes;
        }

        static Unit ofCode(int code) {
            for (Unit u : values()) {
                if (u.code == code) {
                    return u;
                }
            }
            throw HayloftException.badRequest("invalid ttl unit code " + code);
        }

        static Unit ofSymbol(char c) {
            for (Unit u : values()) {
                if (u != NONE && u.symbol == c) {
                    return u;
                }
            }
            throw HayloftException.badRequest("invalid ttl unit '" + c + "': use m, h, d, w, M or y");
        }
    }

    public Ttl {
        HayloftException.checkArgument(unit != null, "ttl unit is required");
        if (unit == Unit.NONE) {
            HayloftException.checkArgument(count == 0, "ttl without unit must have count 0");
        } else {
            HayloftException.checkArgument(count >= 1 && count <= 255, "ttl count must be 1..255, got " + count);
        }
    }

    /** Parses {@code "3m"}, {@code "5d"}, {@code "90"} (minutes); null or empty is {@link #NONE}. */
    public static Ttl parse(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        HayloftException.checkArgument(text.length() <= 12, "invalid ttl '" + text + "'");
        char last = text.charAt(text.length() - 1);
        Unit unit;
        String digits;
        if (last >= '0' && last <= '9') {
            unit = Unit.MINUTE;
            digits = text;
        } else {
            unit = Unit.ofSymbol(last);
            digits = text.substring(0, text.length() - 1);
        }
        HayloftException.checkArgument(!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9'),
                "invalid ttl '" + text + "': expected a count and a unit such as 3d");
        long count = Long.parseLong(digits);
        if (count == 0) {
            return NONE;
        }
        while (count > 255) {
            Unit next = next(unit);
            HayloftException.checkArgument(next != null, "ttl '" + text + "' is too long");
            long minutes = count * unit.minutes;
            count = (minutes + next.minutes - 1) / next.minutes;
            unit = next;
        }
        return new Ttl((int) count, unit);
    }

    private static Unit next(Unit u) {
        return switch (u) {
            case MINUTE -> Unit.HOUR;
            case HOUR -> Unit.DAY;
            case DAY -> Unit.WEEK;
            case WEEK -> Unit.MONTH;
            case MONTH -> Unit.YEAR;
            default -> null;
        };
    }

    /** Decodes the two on-disk bytes (count, unit code). */
    public static Ttl fromBytes(byte count, byte unitCode) {
        Unit u = Unit.ofCode(unitCode & 0xFF);
        if (u == Unit.NONE || (count & 0xFF) == 0) {
            return NONE;
        }
        return new Ttl(count & 0xFF, u);
    }

    /** The on-disk count byte. */
    public byte countByte() {
        return (byte) count;
    }

    /** The on-disk unit byte. */
    public byte unitByte() {
        return (byte) unit.code;
    }

    public boolean isNone() {
        return unit == Unit.NONE;
    }

    /** How long an item with this TTL lives; {@link Duration#ZERO} for {@link #NONE}. */
    public Duration duration() {
        return Duration.ofMinutes(count * unit.minutes);
    }

    @Override
    public String toString() {
        return isNone() ? "" : count + String.valueOf(unit.symbol);
    }
}
