package io.hayloft.filer.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DirectChunkPoolTest {
    private static final int MIB = 1 << 20;

    @Test
    void aBufferGivenBackServesTheNextChunkOfItsSize() {
        DirectChunkPool pool = new DirectChunkPool(64L * MIB);
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
        DirectChunkPool pool = new DirectChunkPool(64L * MIB);
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
        DirectChunkPool pool = new DirectChunkPool(10L * MIB);
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
        DirectChunkPool pool = new DirectChunkPool(MIB);
        assertThatThrownBy(() -> pool.take(DirectChunkPool.MIN_POOLED - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectChunkPool(-1)).hasMessageContaining("negative");
    }
}
