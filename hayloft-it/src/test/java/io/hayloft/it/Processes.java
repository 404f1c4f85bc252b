package io.hayloft.it;

/** What tests do to the real processes they start. */
final class Processes {
    private Processes() {
    }

    /** SIGKILL (no shutdown hook, no flush), then waits until the process is gone. */
    static void kill9(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
