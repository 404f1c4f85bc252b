package io.hayloft.cli.shell;

import io.hayloft.api.HayloftException;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.List;

/**
 * The interactive shell: prints {@code > }, reads a line, runs it, until {@code exit}, {@code quit}
 * or end of input. A failing command prints its error and the prompt continues. Lines come from a
 * {@link PromptInput}: a plain reader for scripts piped in, or {@link TerminalInput} (history,
 * completion) on a terminal.
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
     * Runs lines read from {@code in} until exit or end of input.
     *
     * @return the number of commands that failed
     */
    int run(BufferedReader in) {
        return run(PromptInput.plain(in, session.out()));
    }

    /**
     * Runs lines from {@code in} until exit or end of input.
     *
     * @return the number of commands that failed
     */
    int run(PromptInput in) {
        PrintWriter out = session.out();
        out.println("hayloft shell on " + String.join(",", session.masters().masters())
                + "; 'help' lists commands, 'exit' leaves");
        int failures = 0;
        while (true) {
            String line = in.readLine("> ");
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
            } catch (ShellUsageException | HayloftException | ShellFailedException e) {
                out.flush();
                err.println("error: " + e.getMessage());
                err.flush();
                failures++;
            }
        }
    }
}
