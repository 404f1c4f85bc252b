package io.hayloft.cli.fs;

import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Bytes transferred, drawn as a bar on stderr for a big transfer when a person is watching (the
 * process has a terminal); otherwise silent. Feed it as a {@link LongConsumer} of byte counts.
 */
interface ByteProgress extends LongConsumer, AutoCloseable {
    /** Transfers at least this big get a bar. */
    long BAR_THRESHOLD = 8L << 20;

    /** Stops drawing. */
    @Override
    void close();

    /** A bar named {@code task} for {@code total} bytes, or a silent counter. */
    static ByteProgress of(String task, long total) {
        if (System.console() == null || total < BAR_THRESHOLD) {
            return Silent.INSTANCE;
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setUnit("MiB", 1L << 20).showSpeed().setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        return new Bar(bar);
    }

    /** Draws nothing. */
    enum Silent implements ByteProgress {
        INSTANCE;

        @Override
        public void accept(long bytes) {
            // Nobody is watching.
        }

        @Override
        public void close() {
            // Nothing was drawn.
        }
    }

    /** A {@code me.tongfei} progress bar. */
    record Bar(ProgressBar bar) implements ByteProgress {
        @Override
        public void accept(long bytes) {
            bar.stepBy(bytes);
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
