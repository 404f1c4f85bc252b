package io.hayloft.volume.http;

import io.hayloft.http.FidAuth;
import io.hayloft.http.RoleGuard;
import io.hayloft.http.WhiteList;
import io.hayloft.security.SecurityConfig;

/**
 * Who may do what on a volume server, from {@code -whiteList} and {@code security.toml}:
 * <pre>
 *   /admin/*, /internal/*      white list, then the internal token ({@link RoleGuard})
 *   POST|PUT|DELETE /&lt;fid&gt;   white list, then a write token for that fid or the internal token ({@code writes})
 *   GET|HEAD /&lt;fid&gt;          a read token for that fid or the internal token, when reads are signed ({@code reads})
 * </pre>
 * Immutable.
 *
 * @param whiteList who may write or call admin routes at all
 * @param roles     the guard of admin and internal routes
 * @param writes    what an upload or delete of a fid must show
 * @param reads     what a read of a fid must show
 */
public record VolumeAccess(WhiteList whiteList, RoleGuard roles, FidAuth writes, FidAuth reads) {
    /** Open to everyone: no white list, nothing signed. */
    public static VolumeAccess open() {
        return of(WhiteList.OPEN, SecurityConfig.NONE);
    }

    /** The access {@code whiteList} and {@code security} describe. */
    public static VolumeAccess of(WhiteList whiteList, SecurityConfig security) {
        RoleGuard roles = new RoleGuard(whiteList, security);
        return new VolumeAccess(whiteList, roles, new FidAuth(security.write(), roles, "write"),
                new FidAuth(security.read(), roles, "read"));
    }
}
