package io.hayloft.it;

import io.hayloft.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code hayloft shell -master <master> <words...>} run in-process, as a user types it.
 *
 * @param exit the exit status
 * @param out  what it printed on standard output
 * @param err  what it printed on standard error
 */
record ShellRun(int exit, String out, String err) {

    static ShellRun run(String master, String... words) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("shell", "-master", master));
        args.addAll(List.of(words));
        int exit = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args.toArray(String[]::new));
        return new ShellRun(exit, out.toString(), err.toString());
    }
}
