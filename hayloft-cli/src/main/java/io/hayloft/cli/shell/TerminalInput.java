package io.hayloft.cli.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;

/**
 * The prompt on a terminal: a JLine line editor with tab completion ({@link ShellCompleter}) and a
 * history kept across runs in a file (each line appended as it is entered). Ctrl-C abandons the
 * line being typed; Ctrl-D ends the input. Lines are split by {@link ShellWords} as a piped script
 * is, so JLine's parser only serves completion: no backslash escapes and no {@code !} history
 * expansion. One thread at a time.
 */
final class TerminalInput implements PromptInput, AutoCloseable {
    /** Where the history is kept unless told otherwise. */
    static final String HISTORY_FILE = ".hayloft_shell_history";

    private final LineReader reader;

    /**
     * @param terminal    the terminal to read from (not closed here)
     * @param registry    the commands, for completion
     * @param historyFile the history file, created (with parents) when absent
     */
    TerminalInput(Terminal terminal, ShellRegistry registry, Path historyFile) {
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]);
        this.reader = LineReaderBuilder.builder().terminal(terminal).appName("hayloft")
                .completer(new ShellCompleter(registry)).parser(parser).history(new DefaultHistory())
                .variable(LineReader.HISTORY_FILE, historyFile)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_INCREMENTAL, true)
                .build();
    }

    @Override
    public String readLine(String prompt) {
        while (true) {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                // Ctrl-C: drop the half-typed line and prompt again.
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    /**
     * Writes what is left of the history to its file.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the shell history", e);
        }
    }
}
