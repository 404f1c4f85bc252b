package io.hayloft.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.InetSocketAddress;

/**
 * A Netty handler between the HTTP decoder and Vert.x, for the two requests Vert.x would answer
 * itself with a bare status and no JSON: an HTTP version other than 1.0 and 1.1 (Vert.x: 501, no
 * body) is marked as a decoding failure, so it reaches {@link MalformedRequests#answerInvalid}
 * (400 JSON); an HTTP/1.0 request without {@code Host} (legal in 1.0, refused by Vert.x Web) gets
 * the address it arrived on as its {@code Host}. One instance per connection, on its event loop.
 */
public final class LegacyRequestAdapter extends ChannelInboundHandlerAdapter {
    private static final String NAME = "hayloft-legacy-requests";

    /**
     * Adds the adapter to {@code connection}'s pipeline (an HTTP/1.x connection; others are left
     * alone). Vert.x offers no public hook before its own request handling, so this reaches its
     * connection's Netty context. Use as a server's connection handler; on the connection's event loop.
     */
    public static void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            ChannelHandlerContext vertx = base.channelHandlerContext();
            if (vertx.pipeline().get(NAME) == null) {
                vertx.pipeline().addBefore(vertx.name(), NAME, new LegacyRequestAdapter());
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req && req.decoderResult().isSuccess()) {
            HttpVersion v = req.protocolVersion();
            if (v != HttpVersion.HTTP_1_1 && v.equals(HttpVersion.HTTP_1_1)) {
                req.setProtocolVersion(v = HttpVersion.HTTP_1_1); // "http/1.1": Vert.x knows only the constants
            } else if (v != HttpVersion.HTTP_1_0 && v.equals(HttpVersion.HTTP_1_0)) {
                req.setProtocolVersion(v = HttpVersion.HTTP_1_0);
            }
            if (!v.equals(HttpVersion.HTTP_1_1) && !v.equals(HttpVersion.HTTP_1_0)) {
                req.setProtocolVersion(HttpVersion.HTTP_1_1);
                req.setDecoderResult(DecoderResult.failure(new MalformedRequests.UnsupportedHttpVersion(v.text())));
            } else if (v.equals(HttpVersion.HTTP_1_0) && !req.headers().contains(HttpHeaderNames.HOST)
                    && ctx.channel().localAddress() instanceof InetSocketAddress local) {
                String host = local.getAddress().getHostAddress();
                req.headers().set(HttpHeaderNames.HOST,
                        (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + local.getPort());
            }
        }
        ctx.fireChannelRead(msg);
    }
}
