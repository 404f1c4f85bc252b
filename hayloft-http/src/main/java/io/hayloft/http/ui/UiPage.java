package io.hayloft.http.ui;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * One web page of a role, assembled once from class path resources and served from memory.
 *
 * <p>The page's HTML names two places: {@value #STYLE_MARK}, replaced by this package's {@code ui.css}
 * in a {@code <style>}, and {@value #SCRIPT_MARK}, replaced by this package's {@code ui.js} followed by
 * the role's scripts in one {@code <script>}. The answer carries a Content-Security-Policy that allows
 * exactly that style and that script (by their SHA-256), fetches to this origin only, and no framing: a
 * name that escaped the page's escaping still could not run script. Immutable and thread-safe.
 */
public final class UiPage {
    /** Where the shared style sheet goes. */
    public static final String STYLE_MARK = "<!--hayloft:style-->";
    /** Where the scripts go. */
    public static final String SCRIPT_MARK = "<!--hayloft:script-->";

    private final Buffer html;
    private final String contentSecurityPolicy;

    private UiPage(String html, String contentSecurityPolicy) {
        this.html = Buffer.buffer(html.getBytes(StandardCharsets.UTF_8));
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    /**
     * Loads a page.
     *
     * @param anchor  the class whose loader and package locate {@code page} and {@code scripts}
     * @param page    the HTML resource, relative to {@code anchor}'s package
     * @param scripts the role's script resources, in order, relative to {@code anchor}'s package
     * @throws IllegalStateException when a resource is missing, the page lacks a mark, or a script
     *                               holds {@code </script} (it would end the inline script early)
     */
    public static UiPage load(Class<?> anchor, String page, List<String> scripts) {
        String css = resource(UiPage.class, "ui.css");
        StringBuilder js = new StringBuilder(resource(UiPage.class, "ui.js"));
        for (String s : scripts) {
            js.append('\n').append(resource(anchor, s));
        }
        String script = js.toString();
        if (script.toLowerCase(java.util.Locale.ROOT).contains("</script") || css.contains("</")) {
            throw new IllegalStateException("a page script or style holds '</': it would end its element early");
        }
        String html = resource(anchor, page);
        if (!html.contains(STYLE_MARK) || !html.contains(SCRIPT_MARK)) {
            throw new IllegalStateException(page + " lacks " + STYLE_MARK + " or " + SCRIPT_MARK);
        }
        html = html.replace(STYLE_MARK, "<style>" + css + "</style>")
                .replace(SCRIPT_MARK, "<script>" + script + "</script>");
        String csp = "default-src 'none'; script-src '" + sha256(script) + "'; style-src '" + sha256(css)
                + "'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        return new UiPage(html, csp);
    }

    /**
     * Answers the page (200, {@code text/html}); a {@code HEAD} gets the headers only. Call from any
     * thread; never blocks.
     */
    public void serve(RoutingContext ctx) {
        HttpServerResponse r = ctx.response();
        r.setStatusCode(200)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader("Content-Security-Policy", contentSecurityPolicy);
        if (ctx.request().method() == HttpMethod.HEAD) {
            r.putHeader("Content-Length", Integer.toString(html.length())).end();
        } else {
            r.end(html);
        }
    }

    /** The assembled HTML, for tests. */
    public String html() {
        return html.toString(StandardCharsets.UTF_8);
    }

    /** The Content-Security-Policy the page is served with. */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    private static String resource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing page resource " + name + " beside " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read page resource " + name, e);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
