package io.hayloft.master.ui;

import io.hayloft.http.Blocking;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.http.ui.AcceptHeader;
import io.hayloft.http.ui.UiPage;
import io.hayloft.master.http.MasterContext;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * The master's web page and the JSON it polls:
 * <pre>
 *   GET /            the page, when the request prefers HTML (a browser); other clients get what they got before
 *   GET /ui          the page, whatever the Accept header
 *   GET /ui/status   {@link MasterOverview} as JSON, from this master's own topology (any master answers)
 * </pre>
 * All three are reads, open like the other status pages ({@code -whiteList} guards writes only).
 */
public final class MasterUiRoutes {
    /** The version the page reports. */
    static final String VERSION = "hayloft 0.1.0";
    /** The page's path. */
    public static final String PAGE = "/ui";
    /** The page's JSON. */
    public static final String STATUS = "/ui/status";

    private MasterUiRoutes() {
    }

    /**
     * Adds the routes to {@code router}. Call before any catch-all route; the page is loaded from the
     * class path now.
     *
     * @throws IllegalStateException when the page's resources are missing from the jar
     */
    public static void install(Router router, MasterContext master) {
        UiPage page = UiPage.load(MasterUiRoutes.class, "master.html", List.of("master.js"));
        router.route(HttpMethod.GET, "/").handler(ctx -> {
            if (AcceptHeader.prefersHtml(ctx.request().getHeader("Accept"))) {
                page.serve(ctx);
            } else {
                ctx.next();
            }
        });
        router.route(HttpMethod.GET, PAGE).handler(page::serve);
        router.route(HttpMethod.HEAD, PAGE).handler(page::serve);
        router.route(HttpMethod.GET, STATUS).handler(Blocking.handler(ctx -> status(ctx, master)));
    }

    private static void status(RoutingContext ctx, MasterContext master) {
        Params.allowOnly(ctx, Set.of());
        Responses.json(ctx, 200, MasterOverview.of(VERSION, master.raft().selfHttpAddress(),
                master.config().clock().instant(), master.topology(), master.raft().status(),
                master.raft().leaderHttpAddress().orElse(""), master.maintenance().repair().status()));
    }
}
