package io.hayloft.cli.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Where the prompt's lines come from: a plain reader (scripts) or a terminal line editor. */
interface PromptInput {
    /**
     * Shows {@code prompt} and reads the next line, without its line end. Blocking.
     *
     * @return the line, or null at the end of input
     * @throws UncheckedIOException when the input cannot be read
     */
    String readLine(String prompt);

    /** Lines from {@code in}, the prompt printed to {@code out}: no history, no completion. */
    static PromptInput plain(BufferedReader in, PrintWriter out) {
        return prompt -> {
            out.print(prompt);
            out.flush();
            try {
                return in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the prompt", e);
            }
        };
    }
}
