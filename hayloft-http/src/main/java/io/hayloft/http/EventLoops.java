package io.hayloft.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Creates the {@link Vertx} instance of a role: one place for the options every server and client
 * of Hayloft shares.
 *
 * <p>Native transport: on Linux, Netty's epoll transport (on the class path as
 * {@code netty-transport-native-epoll}) replaces the JDK's NIO selector: fewer system calls and no
 * selector garbage per wake-up, which is most of what a small read costs besides the read itself.
 * Where the native library cannot load (another OS or architecture), Vert.x falls back to NIO on
 * its own, so nothing here fails.
 *
 * <p>Threading: the factory methods may be called from any thread.
 */
public final class EventLoops {
    private EventLoops() {
    }

    /** A new Vert.x with the JVM's default event-loop count (twice the cores). */
    public static Vertx create() {
        return Vertx.vertx(options());
    }

    /** A new Vert.x with {@code eventLoops} event-loop threads (at least one). */
    public static Vertx create(int eventLoops) {
        return Vertx.vertx(options().setEventLoopPoolSize(Math.max(1, eventLoops)));
    }

    /** True when the epoll transport loaded and Vert.x instances created here use it. */
    public static boolean nativeTransport(Vertx vertx) {
        return vertx.isNativeTransportEnabled();
    }

    private static VertxOptions options() {
        return new VertxOptions().setPreferNativeTransport(true);
    }
}
