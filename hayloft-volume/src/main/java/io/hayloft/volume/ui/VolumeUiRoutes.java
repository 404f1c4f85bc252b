package io.hayloft.volume.ui;

import io.hayloft.http.Blocking;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.http.ui.AcceptHeader;
import io.hayloft.http.ui.UiPage;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;

/**
 * A volume server's web page and the JSON it polls:
 * <pre>
 *   GET /            the page, when the request prefers HTML (a browser); other clients get what they got before
 *   GET|HEAD /ui     the page
 *   GET /ui/status   {@link VolumeOverview} as JSON
 * </pre>
 * Both are reads, open like {@code /status}. They are routed ahead of the {@code /<fid>} routes
 * ({@code ui} is no file id, so no read is shadowed).
 */
public final class VolumeUiRoutes {
    /** The version the page reports (as {@code /status} does). */
    public static final String VERSION = "hayloft 0.1.0";
    /** The page's path. */
    public static final String PAGE = "/ui";
    /** The page's JSON. */
    public static final String STATUS = "/ui/status";

    private VolumeUiRoutes() {
    }

    /**
     * Adds the routes to {@code router}, ahead of every route added before (but the metrics timer).
     * The page is loaded from the class path now.
     *
     * @throws IllegalStateException when the page's resources are missing from the jar
     */
    public static void install(Router router, VolumeOverview.Sources sources) {
        UiPage page = UiPage.load(VolumeUiRoutes.class, "volume.html", List.of("volume.js"));
        router.route(HttpMethod.GET, "/").order(-4).handler(ctx -> {
            if (AcceptHeader.prefersHtml(ctx.request().getHeader("Accept"))) {
                page.serve(ctx);
            } else {
                ctx.next();
            }
        });
        router.route(HttpMethod.GET, PAGE).order(-3).handler(page::serve);
        router.route(HttpMethod.HEAD, PAGE).order(-2).handler(page::serve);
        router.route(HttpMethod.GET, STATUS).order(-1).handler(Blocking.handler(ctx -> {
            Params.allowOnly(ctx, Set.of());
            Responses.json(ctx, 200, VolumeOverview.of(sources));
        }));
    }
}
