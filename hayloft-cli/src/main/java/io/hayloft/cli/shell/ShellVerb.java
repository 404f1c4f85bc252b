package io.hayloft.cli.shell;

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
     * Runs the command, printing to {@code session.out()}.
     *
     * @throws ShellUsageException for bad arguments (nothing was changed)
     * @throws io.hayloft.api.HayloftException when a master refuses or cannot be reached
     */
    void run(ShellArgs args, ShellSession session);
}
