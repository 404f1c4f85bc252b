package io.hayloft.cli.shell;

import io.hayloft.cli.fs.FsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs a {@code hayloft fs} subcommand for an {@code fs.*} shell command, so the shell and
 * {@code hayloft fs} share one implementation: the session's filer, output and binary output.
 * What {@code hayloft fs} reports on stderr ({@code hayloft fs: PATH: reason}) becomes the shell
 * command's failure.
 */
final class FsBridge {
    private static final String PREFIX = "hayloft fs: ";

    private FsBridge() {
    }

    /**
     * Runs {@code hayloft fs -filer FILER subcommand options... -- operands...}.
     *
     * @param operands filer paths already resolved against the session's directory (and local paths)
     * @throws ShellUsageException  when {@code hayloft fs} refuses the arguments
     * @throws ShellFailedException when any path failed; the others were done and printed
     */
    static void run(ShellSession session, String subcommand, List<String> options, List<String> operands) {
        List<String> argv = new ArrayList<>(List.of("-filer", session.filer(), subcommand));
        argv.addAll(options);
        argv.add("--");
        argv.addAll(operands);
        StringWriter err = new StringWriter();
        session.out().flush();
        CommandLine cli = new CommandLine(new FsCommand().withBinaryOut(session.binaryOut())
                .withSecurity(session.security()));
        cli.setOut(session.out());
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(argv.toArray(String[]::new));
        session.out().flush();
        if (code == 0) {
            return;
        }
        List<String> reasons = err.toString().lines().filter(l -> !l.isBlank())
                .map(l -> l.startsWith(PREFIX) ? l.substring(PREFIX.length()) : l).toList();
        String message = reasons.isEmpty() ? subcommand + " failed" : String.join("; ", reasons);
        if (code == CommandLine.ExitCode.USAGE) {
            throw new ShellUsageException(reasons.isEmpty() ? message : reasons.getFirst());
        }
        throw new ShellFailedException(message);
    }
}
