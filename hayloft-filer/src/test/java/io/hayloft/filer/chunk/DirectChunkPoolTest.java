package io.hayloft.filer.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.testkit.Await;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link DirectChunkPool}: reuse, the retain bound, and the limit on what is out at once. */
class DirectChunkPoolTest {
    private static final int MIB = 1 << 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aBufferGivenBackServesTheNextChunkOfItsSize() {
        DirectChunkPool pool = new DirectChunkPool(64L * MIB, 128L * MIB, WAIT);
        ByteBuffer first = pool.take(8 * MIB + 40);
        assertThat(first.isDirect()).isTrue();
        assertThat(first.position()).isZero();
        assertThat(first.limit()).isEqualTo(8 * MIB + 40);
        assertThat(first.capacity()).isEqualTo(9 * MIB); // rounded up to a whole grain
        first.position(100);
        pool.give(first);
        assertThat(pool.freeBytes()).isEqualTo(9L * MIB);

        ByteBuffer second = pool.take(8 * MIB + 10);
        assertThat(second).isSameAs(first);
        assertThat(second.position()).isZero();
        assertThat(second.limit()).isEqualTo(8 * MIB + 10);
        assertThat(pool.allocations()).isEqualTo(1);
        assertThat(pool.freeBytes()).isZero();
    }

    @Test
    void aRequestTakesTheSmallestFittingBufferAndNeverOneMoreThanTwiceItsSize() {
        DirectChunkPool pool = new DirectChunkPool(64L * MIB, 128L * MIB, WAIT);
        ByteBuffer big = pool.take(16 * MIB);
        ByteBuffer medium = pool.take(4 * MIB);
        pool.give(big);
        pool.give(medium);

        assertThat(pool.take(3 * MIB)).isSameAs(medium);
        ByteBuffer small = pool.take(MIB);
        assertThat(small).isNotSameAs(big); // 16 MiB for 1 MiB would pin memory for nothing
        assertThat(small.capacity()).isEqualTo(MIB);
        assertThat(pool.take(5 * MIB)).isNotSameAs(big).extracting(ByteBuffer::capacity).isEqualTo(5 * MIB);
        assertThat(pool.take(9 * MIB)).isSameAs(big);
        assertThat(pool.allocations()).isEqualTo(4);
    }

    @Test
    void keepsNoMoreThanItsRetainBound() {
        DirectChunkPool pool = new DirectChunkPool(10L * MIB, 128L * MIB, WAIT);
        ByteBuffer a = pool.take(8 * MIB);
        ByteBuffer b = pool.take(8 * MIB);
        pool.give(a);
        pool.give(b); // would make 16 MiB kept: dropped
        assertThat(pool.freeBytes()).isEqualTo(8L * MIB);
        assertThat(pool.take(8 * MIB)).isSameAs(a);
        assertThat(pool.take(8 * MIB)).isNotSameAs(b);
    }

    @Test
    void refusesSizesBelowAChunk() {
        DirectChunkPool pool = new DirectChunkPool(MIB, 8L * MIB, WAIT);
        assertThatThrownBy(() -> pool.take(DirectChunkPool.MIN_POOLED - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectChunkPool(-1, 8L * MIB, WAIT)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new DirectChunkPool(0, 1000, WAIT)).hasMessageContaining("limit");
        assertThatThrownBy(() -> pool.take(9 * MIB)).isInstanceOfSatisfying(HayloftException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void neverHasMoreOutThanItsLimitAndReleasesKeptBuffersToMakeRoom() {
        DirectChunkPool pool = new DirectChunkPool(18L * MIB, 18L * MIB, WAIT);
        ByteBuffer a = pool.take(8 * MIB);
        ByteBuffer b = pool.take(8 * MIB);
        assertThat(pool.usedBytes()).isEqualTo(16L * MIB);
        assertThat(pool.tryTake(8 * MIB)).as("a third does not fit").isNull();
        pool.give(a);
        pool.give(b);
        assertThat(pool.freeBytes()).isEqualTo(16L * MIB);
        // a 12 MiB request fits neither kept buffer: the kept ones are released to make room for it
        ByteBuffer big = pool.tryTake(12 * MIB);
        assertThat(big).isNotNull();
        assertThat(pool.usedBytes()).isLessThanOrEqualTo(18L * MIB);
        assertThat(pool.freeBytes()).isZero();
        pool.reserve(4 * MIB);
        assertThat(pool.usedBytes()).isEqualTo(16L * MIB);
        assertThat(pool.tryTake(3 * MIB)).as("reserved bytes count").isNull();
        pool.unreserve(4 * MIB);
        assertThat(pool.tryTake(3 * MIB)).isNotNull();
    }

    @Test
    void aTakeWaitsForABufferToComeBackAndGivesUpAtItsDeadline() {
        DirectChunkPool pool = new DirectChunkPool(0, 8L * MIB, WAIT);
        ByteBuffer held = pool.take(8 * MIB);
        AtomicReference<ByteBuffer> got = new AtomicReference<>();
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> got.set(pool.take(8 * MIB)),
                r -> Thread.ofVirtual().start(r));
        Await.until("the second take is waiting", Duration.ofSeconds(10), () -> pool.waiting() == 1);
        assertThat(waiter).isNotDone();
        pool.give(held);
        waiter.join();
        assertThat(got.get().capacity()).isEqualTo(8 * MIB);

        DirectChunkPool impatient = new DirectChunkPool(0, 8L * MIB, Duration.ofMillis(50));
        impatient.take(8 * MIB);
        assertThatThrownBy(() -> impatient.take(MIB)).isInstanceOfSatisfying(HayloftException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThatThrownBy(() -> impatient.reserve(MIB)).isInstanceOfSatisfying(HayloftException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
