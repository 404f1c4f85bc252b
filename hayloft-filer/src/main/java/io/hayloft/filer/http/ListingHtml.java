package io.hayloft.filer.http;

import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.namespace.Listing;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/** A plain HTML page of a directory listing for browsers, with a link to the next page. */
final class ListingHtml {
    private ListingHtml() {
    }

    static String render(Listing listing, int limit) {
        String dir = listing.directory().value();
        StringBuilder sb = new StringBuilder(1024 + 160 * listing.entries().size());
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(dir)).append("</title></head><body>\n<h1>").append(escape(dir)).append("</h1>\n");
        if (!listing.directory().isRoot()) {
            sb.append("<p><a href=\"").append(href(listing.directory().parent().value(), true))
                    .append("\">..</a></p>\n");
        }
        sb.append("<table>\n<tr><th>Name</th><th>Size</th><th>Modified</th></tr>\n");
        for (Entry e : listing.entries()) {
            sb.append("<tr><td><a href=\"").append(href(e.path().value(), e.directory())).append("\">")
                    .append(escape(e.name())).append(e.directory() ? "/" : "").append("</a></td><td>")
                    .append(e.directory() ? "" : Long.toString(e.size())).append("</td><td>")
                    .append(DateTimeFormatter.ISO_INSTANT.format(e.mtime())).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        if (listing.hasMore()) {
            sb.append("<p><a href=\"").append(href(dir, true)).append("?limit=").append(limit)
                    .append("&amp;lastFileName=").append(URLEncoder.encode(listing.lastFileName(), StandardCharsets.UTF_8)
                            .replace("+", "%20"))
                    .append("\">next page</a></p>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String href(String path, boolean directory) {
        StringBuilder sb = new StringBuilder();
        for (String name : path.split("/")) {
            if (!name.isEmpty()) {
                sb.append('/').append(URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        if (directory || sb.isEmpty()) {
            sb.append('/');
        }
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
