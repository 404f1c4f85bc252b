package io.hayloft.http;

import io.hayloft.api.FileId;
import io.hayloft.api.FileIdPath;
import io.hayloft.api.HayloftException;
import io.hayloft.security.FidTokens;
import io.hayloft.security.TokenRejected;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Who may write (or, with read tokens, read) a fid on a volume server: a request that carries a token
 * {@link FidTokens} accepts for the fid of its path, in {@code Authorization: Bearer <token>} or as
 * {@code ?jwt=<token>} (SeaweedFS's two places), or one that carries the cluster's internal token (a
 * replica copy, a repair, the master's {@code /submit}). Without tokens configured everyone may.
 * Immutable; checks never block.
 */
public final class FidAuth {
    /** Asks for nothing: what a volume server without {@code security.toml} runs with. */
    public static final FidAuth OPEN = new FidAuth(Optional.empty(), null, "");

    private final Optional<FidTokens> tokens;
    private final RoleGuard roles;
    private final String what;

    /**
     * @param tokens the tokens asked for; empty: none
     * @param roles  accepts a role's internal token instead
     * @param what   what the token is for, in messages ("write", "read")
     */
    public FidAuth(Optional<FidTokens> tokens, RoleGuard roles, String what) {
        this.tokens = tokens;
        this.roles = roles;
        this.what = what;
    }

    /** Whether a token is asked for at all. */
    public boolean required() {
        return tokens.isPresent();
    }

    /** The token a request presents: {@code Authorization: Bearer}'s, else the {@code jwt} parameter's; null when none. */
    public static String presented(HttpServerRequest req) {
        String header = req.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return req.getParam("jwt");
    }

    /**
     * Checks that {@code req} may act on {@code fid}.
     *
     * @throws TokenRejected (401) saying why not
     */
    public void check(HttpServerRequest req, FileId fid) {
        if (tokens.isEmpty() || roles.hasInternalToken(req)) {
            return;
        }
        String token = presented(req);
        if (token == null) {
            throw new TokenRejected("a " + what + " of " + fid + " needs a token: the master's /dir/assign (writes)"
                    + " or /dir/lookup?fileId= (deletes, reads) hands one out as \"auth\"; send it as Authorization: Bearer");
        }
        tokens.get().check(token, fid);
    }

    /** Whether {@code req} may act on {@code fid}; never throws. */
    public boolean permits(HttpServerRequest req, FileId fid) {
        try {
            check(req, fid);
            return true;
        } catch (HayloftException e) {
            return false;
        }
    }

    /**
     * A route handler for the fid routes: passes a request that may act on its path's fid, answers 401
     * {@code {"error","code":"UNAUTHORIZED"}} otherwise (nothing behind it runs); a path that is no fid is
     * passed on for the route's handler to refuse. Runs on the event loop; never blocks.
     */
    public Handler<RoutingContext> handler() {
        return ctx -> {
            if (tokens.isEmpty()) {
                ctx.next();
                return;
            }
            FileId fid;
            try {
                fid = FileIdPath.parse(ctx.request().path()).fileId();
            } catch (HayloftException e) {
                ctx.next();
                return;
            }
            try {
                check(ctx.request(), fid);
            } catch (TokenRejected e) {
                RoleGuard.unauthorized(ctx, e.getMessage() + ": " + ctx.request().method() + " " + ctx.normalizedPath()
                        + " refused");
                return;
            }
            ctx.next();
        };
    }
}
