package io.hayloft.volume.transfer;

import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.http.Params;
import io.vertx.ext.web.RoutingContext;

/** Query parameters shared by the volume server's {@code /admin/volume/*} endpoints. Stateless. */
public final class AdminParams {
    private AdminParams() {
    }

    /**
     * The required {@code volume=N} parameter.
     *
     * @throws HayloftException {@code BAD_REQUEST} when it is missing or not a volume id
     */
    public static VolumeId volumeId(RoutingContext ctx) {
        String v = Params.string(ctx, "volume", "");
        HayloftException.checkArgument(!v.isEmpty(), "parameter 'volume' is required");
        try {
            return VolumeId.parse(v);
        } catch (HayloftException e) {
            throw HayloftException.badRequest("parameter 'volume' must be a volume id, got '" + v + "'");
        }
    }
}
