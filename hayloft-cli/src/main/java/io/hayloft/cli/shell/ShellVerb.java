package io.hayloft.cli.shell;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One shell command ({@code cluster.raft.ps}). Implementations are stateless; one instance serves
 * every invocation.
 */
public interface ShellVerb {
    /** The name typed at the prompt, dotted by area ({@code cluster.raft.add}). */
    String name();

    /** One line for {@code help}. */
    String summary();

    /** The arguments, e.g. {@code -id host_port [-apply]}; empty for none. */
    String usage();

    /**
     * The option names this command takes, without the dash, for completion at the prompt. By
     * default every {@code -name} that {@link #usage()} mentions.
     */
    default List<String> options() {
        Matcher m = Pattern.compile("(?<![\\w-])-([A-Za-z][\\w.]*)").matcher(usage());
        return m.results().map(r -> r.group(1)).distinct().toList();
    }

    /**
     * Parses the words after the command name. By default options only ({@link ShellArgs#parse});
     * a command taking operands overrides this.
     *
     * @throws ShellUsageException for words the command cannot take
     */
    default ShellArgs parse(List<String> words) {
        return ShellArgs.parse(words);
    }

    /**
     * Runs the command, printing to {@code session.out()}.
     *
     * @throws ShellUsageException for bad arguments (nothing was changed)
     * @throws io.hayloft.api.HayloftException when a master refuses or cannot be reached
     * @throws ShellFailedException when the command ran but found problems or some of its work failed
     */
    void run(ShellArgs args, ShellSession session);
}
