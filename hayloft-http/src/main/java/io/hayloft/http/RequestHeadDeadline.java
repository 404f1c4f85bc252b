package io.hayloft.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A deadline on receiving a request's head (request line and headers): once the first byte of a request
 * arrives, the whole head must follow within the deadline or the connection is closed, as nginx's
 * {@code client_header_timeout} does. Without it a client that sends one header line every few seconds
 * (slowloris) holds a connection, and its file descriptor, for ever: the idle timeout never fires while
 * bytes keep coming. The deadline does not run while a connection is idle between requests (the idle
 * timeout covers that) nor while a request's body arrives (a body that stalls fails its read).
 *
 * <p>Two handlers share one instance per connection: one before the HTTP decoder sees that bytes arrived
 * outside a request, one after it sees a head decoded and a request's end. All on the connection's event
 * loop.
 */
public final class RequestHeadDeadline {
    /** What every Hayloft server allows a request head: nginx's default is 60 s; a real client needs milliseconds. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final String BYTES = "hayloft-head-deadline-bytes";
    private static final String HEADS = "hayloft-head-deadline-heads";

    private final long deadlineNanos;
    /** True from a request's head to its last content: the bytes that arrive then are its body. */
    private boolean inRequest;
    private ScheduledFuture<?> timer;

    private RequestHeadDeadline(Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
    }

    /** {@link #install(HttpConnection, Duration)} with the {@link #DEFAULT} deadline. */
    public static void install(HttpConnection connection) {
        install(connection, DEFAULT);
    }

    /**
     * Puts the deadline on {@code connection} (an HTTP/1.x connection, over TLS or not; HTTP/2 connections,
     * which have no HTTP/1 decoder, are left alone). Use from a server's connection handler, on the
     * connection's event loop.
     */
    public static void install(HttpConnection connection, Duration deadline) {
        if (!(connection instanceof ConnectionBase base)) {
            return;
        }
        ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
        if (pipeline.get(BYTES) != null) {
            return;
        }
        String decoder = null;
        for (Map.Entry<String, ChannelHandler> e : pipeline) {
            if (e.getValue() instanceof HttpObjectDecoder || e.getValue() instanceof HttpServerCodec) {
                decoder = e.getKey();
                break;
            }
        }
        if (decoder == null) {
            return;
        }
        RequestHeadDeadline state = new RequestHeadDeadline(deadline);
        pipeline.addBefore(decoder, BYTES, state.new Bytes());
        pipeline.addAfter(decoder, HEADS, state.new Heads());
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer == null && !inRequest) {
            timer = ctx.executor().schedule(() -> {
                timer = null;
                if (!inRequest) {
                    ctx.channel().close();
                }
            }, deadlineNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Before the decoder: bytes outside a request are the start of a head. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf && buf.isReadable()) {
                start(ctx);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }
    }

    /** After the decoder: a decoded head stops the clock; a request's end lets the next head start it. */
    private final class Heads extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                cancel();
                inRequest = true;
            }
            if (msg instanceof LastHttpContent) {
                inRequest = false;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
