package io.hayloft.cli.fs;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every {@code hayloft fs} subcommand shares: a {@link FsFiler} for {@code -filer}, and the
 * error convention of the shell: each failure is printed as {@code hayloft fs: PATH: reason} on
 * stderr, a command given several paths carries on with the next one, and the exit code is 1 when
 * anything failed (usage errors are picocli's 2).
 */
abstract class FsSubcommand implements Callable<Integer> {
    @ParentCommand
    FsCommand fs;

    @Spec
    CommandSpec spec;

    private int failures;

    /** Does the work; failures of single paths go through {@link #report}. */
    abstract void run(FsFiler filer);

    @Override
    public final Integer call() {
        try (FsFiler filer = new FsFiler(fs.filer, fs.security(spec))) {
            run(filer);
        } catch (FsFailure e) {
            report(e);
        }
        out().flush();
        err().flush();
        return failures == 0 ? 0 : 1;
    }

    /** Prints {@code failure} as {@code hayloft fs: message} and remembers that something failed. */
    final void report(FsFailure failure) {
        failures++;
        err().println("hayloft fs: " + failure.getMessage());
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A user's path as an absolute filer path: a leading slash added, trailing ones dropped. */
    static String absolute(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** {@code directory/name} without a doubled slash at the root. */
    static String child(String directory, String name) {
        return directory.equals("/") ? "/" + name : directory + "/" + name;
    }
}
