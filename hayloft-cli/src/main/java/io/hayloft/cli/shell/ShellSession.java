package io.hayloft.cli.shell;

import java.io.PrintWriter;

/**
 * What a command runs against: the masters and where to print. One per {@code hayloft shell} run.
 *
 * @param masters JSON calls to the masters
 * @param out     where results go
 */
public record ShellSession(MasterHttp masters, PrintWriter out) {
}
