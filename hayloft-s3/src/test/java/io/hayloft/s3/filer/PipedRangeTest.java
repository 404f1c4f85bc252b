package io.hayloft.s3.filer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PipedRangeTest {
    @Test
    void bytesComeOutInOrderAcrossBlocks() throws IOException {
        byte[] data = new byte[PipedRange.BLOCK * PipedRange.DEPTH * 3 + 17];
        new Random(1).nextBytes(data);
        try (PipedRange pipe = PipedRange.start("t", out -> {
            try {
                for (int off = 0; off < data.length; off += 1000) {
                    out.write(data, off, Math.min(1000, data.length - off));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })) {
            assertThat(pipe.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aFailureBeforeTheFirstByteIsThrownAsItWas() {
        HayloftException lost = HayloftException.notFound("chunk 3,01 is on no volume server");
        assertThatThrownBy(() -> PipedRange.start("t", out -> {
            throw lost;
        })).isSameAs(lost);
    }

    @Test
    void aLaterFailureBreaksTheReadForGood() throws IOException {
        try (PipedRange pipe = PipedRange.start("t", out -> {
            try {
                out.write(new byte[PipedRange.BLOCK + 1]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new HayloftException(io.hayloft.api.ErrorCode.UNAVAILABLE, "volume server gone");
        })) {
            assertThat(pipe.readNBytes(PipedRange.BLOCK + 1)).hasSize(PipedRange.BLOCK + 1);
            assertThatThrownBy(pipe::read).isInstanceOf(IOException.class).hasRootCauseMessage("volume server gone");
            assertThatThrownBy(pipe::read).isInstanceOf(IOException.class);
        }
    }

    @Test
    void closingBeforeTheEndStopsTheProducer() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<Throwable> why = new AtomicReference<>();
        PipedRange pipe = PipedRange.start("t", out -> {
            try {
                while (true) {
                    out.write(new byte[4096]);
                }
            } catch (IOException e) {
                why.set(e);
                stopped.countDown();
                throw new UncheckedIOException(e);
            }
        });
        assertThat(pipe.read()).isZero();
        pipe.close();
        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(why.get()).hasMessageContaining("closed");
    }
}
