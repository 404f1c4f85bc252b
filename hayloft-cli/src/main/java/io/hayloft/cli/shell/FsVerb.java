package io.hayloft.cli.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the {@code fs.*} commands share: operands (paths) after the options, the boolean flags a
 * command takes, and resolving filer paths against the session's current directory.
 */
abstract class FsVerb implements ShellVerb {
    /** The option names that never take a value ({@code l} for {@code fs.ls -l}); none by default. */
    Set<String> flags() {
        return Set.of();
    }

    @Override
    public final ShellArgs parse(List<String> words) {
        return ShellArgs.parseWithOperands(words, flags()).allowOnly(flags());
    }

    /** {@code -name} for each given flag, to pass on to {@code hayloft fs}. */
    final List<String> givenFlags(ShellArgs args) {
        List<String> given = new ArrayList<>();
        for (String f : flags()) {
            if (args.flag(f)) {
                given.add("-" + f);
            }
        }
        return given;
    }

    /** Each filer path resolved against the current directory; just the current directory when none. */
    static List<String> resolvedOrCurrent(ShellSession session, List<String> paths) {
        return paths.isEmpty() ? List.of(session.directory()) : paths.stream().map(session::resolve).toList();
    }

    /** Every path resolved; fails when there is none. */
    static List<String> resolvedAtLeastOne(ShellSession session, List<String> paths) {
        if (paths.isEmpty()) {
            throw new ShellUsageException("needs at least one PATH");
        }
        return paths.stream().map(session::resolve).toList();
    }

    /** {@code path} resolved, keeping a trailing slash (it means "into this directory"). */
    static String resolvedKeepingSlash(ShellSession session, String path) {
        String resolved = session.resolve(path);
        return path.endsWith("/") && !resolved.equals("/") ? resolved + "/" : resolved;
    }
}
