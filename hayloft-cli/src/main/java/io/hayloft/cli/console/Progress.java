package io.hayloft.cli.console;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of a batch of work, drawn as a bar on stderr when a person is watching. Thread-safe.
 */
public interface Progress extends AutoCloseable {
    /** Counts one finished item. */
    void step();

    /** Stops drawing; the bar, if any, stays on screen. */
    @Override
    void close();

    /**
     * A progress bar on stderr when this process has a terminal ({@link System#console()} is not null)
     * and there is more than one item; otherwise nothing is drawn.
     */
    static Progress of(String task, long items) {
        if (System.console() == null || items <= 1) {
            return Silent.INSTANCE;
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(items)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
        return new Bar(bar);
    }

    /** Draws nothing. */
    enum Silent implements Progress {
        INSTANCE;

        @Override
        public void step() {
            // Nobody is watching: counting is not needed.
        }

        @Override
        public void close() {
            // Nothing was drawn.
        }
    }

    /** A {@code me.tongfei} progress bar. */
    record Bar(ProgressBar bar) implements Progress {
        @Override
        public void step() {
            bar.step();
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
