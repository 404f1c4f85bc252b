package io.hayloft.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.security.InternalTokens;
import io.hayloft.security.SecurityConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Optional;

/**
 * The guard of the routes only a cluster's own roles (and the operator's tools) call: heartbeats, replica
 * records, copies, syncs, admin and erasure-coding calls. It runs the {@link WhiteList} first (403), then,
 * when {@code security.toml} has an {@code [internal] key}, asks for the internal token in
 * {@link InternalTokens#HEADER} and answers 401 {@code {"error","code":"UNAUTHORIZED"}} without it, so that
 * nothing behind the route runs. Put it first on each such route, as the white list's guard. Runs on the
 * event loop; never blocks (one HMAC when the token is new, a string compare otherwise). Immutable.
 */
public final class RoleGuard {
    private final WhiteList whiteList;
    private final Optional<InternalTokens> internal;
    /** With mutual TLS, a role's call must come with a certificate the cluster's CA signed. */
    private final boolean mutualTls;

    /**
     * @param whiteList who may call at all ({@link WhiteList#OPEN}: anyone)
     * @param security  its internal key, if any, is asked for
     */
    public RoleGuard(WhiteList whiteList, SecurityConfig security) {
        this.whiteList = whiteList;
        this.internal = security.internal();
        this.mutualTls = security.tls().map(io.hayloft.security.TlsFiles::mutual).orElse(false);
    }

    /** The white list's guard followed by the internal token's check. */
    public SecurityPolicyHandler guard() {
        SecurityPolicyHandler listed = whiteList.guard();
        if (internal.isEmpty() && !mutualTls) {
            return listed;
        }
        return ctx -> {
            if (whiteList.admit(ctx) && !refused(ctx)) {
                ctx.next();
            }
        };
    }

    /**
     * Whether {@code req} carries a valid internal token; always false when there is no internal key.
     * Never throws.
     */
    public boolean hasInternalToken(HttpServerRequest req) {
        String token = internal.isEmpty() ? null : req.getHeader(InternalTokens.HEADER);
        if (token == null) {
            return false; // a client's request: no exception built on the hot path
        }
        try {
            internal.get().check(token);
            return true;
        } catch (HayloftException e) {
            return false;
        }
    }

    /**
     * Answers 401 and returns true when the request lacks what a role's call shows: the internal token (with an
     * internal key), a client certificate (with mutual TLS).
     */
    private boolean refused(RoutingContext ctx) {
        if (mutualTls && !hasCertificate(ctx.request())) {
            unauthorized(ctx, "this call between roles needs a client certificate the cluster's CA signed (mutual TLS): "
                    + ctx.request().method() + " " + ctx.normalizedPath() + " refused");
            return true;
        }
        if (internal.isEmpty()) {
            return false;
        }
        try {
            internal.get().check(ctx.request().getHeader(InternalTokens.HEADER));
            return false;
        } catch (HayloftException e) {
            unauthorized(ctx, e.getMessage() + ": " + ctx.request().method() + " " + ctx.normalizedPath() + " refused");
            return true;
        }
    }

    private static boolean hasCertificate(HttpServerRequest req) {
        try {
            return req.isSSL() && !req.connection().peerCertificates().isEmpty();
        } catch (javax.net.ssl.SSLPeerUnverifiedException | RuntimeException e) {
            return false;
        }
    }

    /** Answers 401 JSON with {@code WWW-Authenticate: Bearer}. */
    public static void unauthorized(RoutingContext ctx, String message) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"hayloft\"");
        Responses.error(ctx, ErrorCode.UNAUTHORIZED, message);
    }
}
