package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BodyInputStreamTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void pausesTheSourceAboveTheHighWaterMarkAndResumesItOnceDrained() throws Exception {
        FakeSource source = new FakeSource();
        BodyInputStream in = onContext(() -> BodyInputStream.attach(source));
        byte[] chunk = new byte[64 * 1024];
        int chunks = BodyInputStream.HIGH_WATER / chunk.length + 4;
        onContext(() -> {
            for (int i = 0; i < chunks; i++) {
                source.push(Buffer.buffer(chunk));
            }
            return null;
        });
        assertThat(source.paused).as("paused at the high water mark").isTrue();
        assertThat(in.readNBytes(chunks * chunk.length)).hasSize(chunks * chunk.length);
        onContext(() -> null); // the resume was posted to the context before this
        assertThat(source.resumedAfterPause).as("resumed once drained").isTrue();
        onContext(() -> {
            source.end();
            return null;
        });
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void discardingAPausedBodyResumesTheSourceSoTheRestIsDropped() throws Exception {
        FakeSource source = new FakeSource();
        BodyInputStream in = onContext(() -> BodyInputStream.attach(source));
        byte[] chunk = new byte[64 * 1024];
        onContext(() -> {
            for (int i = 0; i < BodyInputStream.HIGH_WATER / chunk.length + 1; i++) {
                source.push(Buffer.buffer(chunk));
            }
            return null;
        });
        assertThat(source.paused).isTrue();
        in.discard();
        onContext(() -> null); // the resume was posted to the context before this
        assertThat(source.resumedAfterPause).as("resumed, so the connection can read the rest").isTrue();
    }

    @Test
    void discardingAFlowingBodyLeavesTheSourceAlone() throws Exception {
        FakeSource source = new FakeSource();
        BodyInputStream in = onContext(() -> BodyInputStream.attach(source));
        int resumedAtAttach = source.resumes.get();
        onContext(() -> {
            source.push(Buffer.buffer("abc"));
            return null;
        });
        in.discard();
        onContext(() -> null); // anything discard posted ran before this
        assertThat(source.resumes.get()).as("no trip to the event loop to resume a source that flows")
                .isEqualTo(resumedAtAttach);
        onContext(() -> {
            source.push(Buffer.buffer("dropped"));
            source.end();
            return null;
        });
        assertThat(in.read()).as("what came after the discard is dropped").isEqualTo(-1);
    }

    @Test
    void aStalledBodyFailsTheRead() throws Exception {
        BodyInputStream in = onContext(() -> BodyInputStream.attach(new FakeSource(), Duration.ofMillis(50), null));
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("stalled");
    }

    @Test
    void closingBeforeTheEndRunsTheEarlyCloseActionOnlyWhenOneIsGiven() throws Exception {
        FakeSource source = new FakeSource();
        AtomicBoolean reset = new AtomicBoolean();
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        BodyInputStream in = onContext(() -> BodyInputStream.attach(source, Duration.ofSeconds(5), () -> {
            reset.set(true);
            onLoop.complete(Context.isOnEventLoopThread());
        }));
        in.close();
        assertThat(onLoop.get(5, TimeUnit.SECONDS)).as("run on the event loop").isTrue();
        assertThat(reset).isTrue();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);

        FakeSource plain = new FakeSource();
        BodyInputStream body = onContext(() -> BodyInputStream.attach(plain));
        body.close(); // no action: the body stays readable
        onContext(() -> {
            plain.push(Buffer.buffer("abc"));
            plain.end();
            return null;
        });
        assertThat(new String(body.readAllBytes())).isEqualTo("abc");
    }

    private <T> T onContext(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.SECONDS);
    }

    /** A ReadStream the test feeds by hand, recording pause and resume. */
    private static final class FakeSource implements ReadStream<Buffer> {
        private Handler<Buffer> handler;
        private Handler<Void> endHandler;
        volatile boolean paused;
        volatile boolean resumedAfterPause;
        final java.util.concurrent.atomic.AtomicInteger resumes = new java.util.concurrent.atomic.AtomicInteger();

        void push(Buffer b) {
            handler.handle(b);
        }

        void end() {
            endHandler.handle(null);
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> h) {
            handler = h;
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            paused = true;
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            resumes.incrementAndGet();
            if (paused) {
                resumedAfterPause = true;
            }
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> h) {
            endHandler = h;
            return this;
        }
    }
}
