package io.hayloft.cli.shell;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion at the terminal prompt: the first word completes to a command name (or
 * {@code exit}/{@code quit}); later words to the options of that command not given yet
 * ({@code -collection}, {@code -apply}); after {@code help -command}, to a command name. JLine
 * narrows the candidates to the typed prefix. Stateless; thread-safe.
 */
final class ShellCompleter implements Completer {
    private final ShellRegistry registry;

    ShellCompleter(ShellRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index <= 0) {
            commandNames(candidates);
            candidates.add(new Candidate("exit", "exit", null, "leave the shell", null, null, true));
            candidates.add(new Candidate("quit", "quit", null, "leave the shell", null, null, true));
            return;
        }
        registry.find(words.getFirst()).ifPresent(verb -> {
            if (verb.name().equals("help") && words.get(index - 1).equals("-command")) {
                commandNames(candidates);
                return;
            }
            for (String option : verb.options()) {
                String typed = "-" + option;
                boolean given = false;
                for (int i = 1; i < words.size(); i++) {
                    given |= i != index && (words.get(i).equals(typed) || words.get(i).startsWith(typed + "="));
                }
                if (!given) {
                    candidates.add(new Candidate(typed, typed, null, null, null, null, true));
                }
            }
        });
    }

    private void commandNames(List<Candidate> candidates) {
        for (ShellVerb v : registry.all()) {
            candidates.add(new Candidate(v.name(), v.name(), null, v.summary(), null, null, true));
        }
    }
}
