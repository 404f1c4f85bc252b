package io.hayloft.http.ui;

import java.util.Locale;

/**
 * Reads an HTTP {@code Accept} header for one question: does the client prefer an HTML page to
 * data? Browsers name {@code text/html} first ({@code text/html,application/xhtml+xml,...,*}{@code /*;q=0.8});
 * curl sends {@code *}{@code /*} and JSON clients {@code application/json}, and neither names HTML.
 */
public final class AcceptHeader {
    private AcceptHeader() {
    }

    /**
     * True when {@code accept} names {@code text/html} with a quality above zero and at least that of
     * {@code application/json}. A wildcard never counts as asking for HTML. Never throws: a
     * malformed header (or none, {@code null}) is not a preference for HTML.
     */
    public static boolean prefersHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double html = -1;
        double json = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                html = Math.max(html, q);
            } else if (type.equals("application/json")) {
                json = Math.max(json, q);
            }
        }
        return html > 0 && html >= json;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(p.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
