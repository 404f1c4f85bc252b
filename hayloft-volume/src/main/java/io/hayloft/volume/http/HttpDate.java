package io.hayloft.volume.http;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats epoch seconds as an HTTP date exactly as {@code DateTimeFormatter.RFC_1123_DATE_TIME} in UTC
 * does ({@code Mon, 7 Dec 2026 02:29:35 GMT}: the day of month unpadded), without its general
 * formatting machinery, which cost a few per cent of a small read. Thread-safe (stateless).
 */
final class HttpDate {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private HttpDate() {
    }

    /** The HTTP date of {@code epochSecond} (UTC). */
    static String format(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(29);
        b.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ").append(t.getDayOfMonth()).append(' ')
                .append(MONTHS[t.getMonthValue() - 1]).append(' ');
        int year = t.getYear();
        if (year < 1000) {
            // RFC_1123_DATE_TIME prints at least four digits
            b.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        }
        b.append(year).append(' ');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append(" GMT");
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
