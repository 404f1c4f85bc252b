package io.hayloft.cli.shell;

import io.hayloft.api.HayloftException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The interactive shell: prints {@code > }, reads a line, runs it, until {@code exit}, {@code quit}
 * or end of input. A failing command prints its error and the prompt continues. A plain line
 * reader: no history, no completion.
 */
final class ShellPrompt {
    private final ShellRegistry registry;
    private final ShellSession session;
    private final PrintWriter err;

    ShellPrompt(ShellRegistry registry, ShellSession session, PrintWriter err) {
        this.registry = registry;
        this.session = session;
        this.err = err;
    }

    /**
     * Runs until exit or end of input.
     *
     * @return the number of commands that failed
     */
    int run(BufferedReader in) {
        PrintWriter out = session.out();
        out.println("hayloft shell on " + String.join(",", session.masters().masters())
                + "; 'help' lists commands, 'exit' leaves");
        int failures = 0;
        while (true) {
            out.print("> ");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the prompt", e);
            }
            if (line == null) {
                out.println();
                out.flush();
                return failures;
            }
            List<String> words;
            try {
                words = ShellWords.split(line.strip());
            } catch (ShellUsageException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                failures++;
                continue;
            }
            if (words.isEmpty() || words.getFirst().startsWith("#")) {
                continue;
            }
            if (words.getFirst().equals("exit") || words.getFirst().equals("quit")) {
                return failures;
            }
            try {
                registry.run(words, session);
            } catch (ShellUsageException | HayloftException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                failures++;
            }
        }
    }
}
