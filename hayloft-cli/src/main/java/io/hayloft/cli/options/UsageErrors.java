package io.hayloft.cli.options;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns option values a config rejects into usage errors: message, usage help, exit code 2. */
public final class UsageErrors {
    private UsageErrors() {
    }

    /**
     * Returns {@code build}'s result; a BAD_REQUEST it throws becomes a {@link ParameterException}
     * of {@code spec}'s command, other failures pass through.
     */
    public static <T> T checked(CommandSpec spec, Supplier<T> build) {
        try {
            return build.get();
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.BAD_REQUEST) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Fails with a usage error of {@code spec}'s command unless {@code condition} holds. */
    public static void require(CommandSpec spec, boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
