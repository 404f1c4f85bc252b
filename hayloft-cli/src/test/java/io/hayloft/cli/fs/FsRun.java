package io.hayloft.cli.fs;

import io.hayloft.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One {@code hayloft fs} invocation in this JVM with captured output, {@code cat}'s bytes included.
 *
 * @param exitCode what the process would exit with
 * @param out      stdout text
 * @param err      stderr text
 * @param bytes    binary stdout ({@code cat})
 */
record FsRun(int exitCode, String out, String err, byte[] bytes) {
    /** Runs {@code hayloft fs -filer FILER args...}. */
    static FsRun fs(String filer, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandLine cli = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        ((FsCommand) cli.getSubcommands().get("fs").getCommand()).withBinaryOut(bytes);
        String[] full = new String[args.length + 3];
        full[0] = "fs";
        full[1] = "-filer";
        full[2] = filer;
        System.arraycopy(args, 0, full, 3, args.length);
        int code = cli.execute(full);
        return new FsRun(code, out.toString(), err.toString(), bytes.toByteArray());
    }

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
