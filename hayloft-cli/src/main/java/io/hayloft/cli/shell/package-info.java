/**
 * {@code hayloft shell}: cluster administration commands, as SeaweedFS's {@code weed shell} has
 * them, one class per command.
 *
 * <pre>
 *   hayloft shell -master m1:9333,m2:9333 cluster.raft.ps        (one command, exit status)
 *   hayloft shell -master m1:9333                                (prompt: one command a line)
 *
 *   ShellCommand ─► ShellRegistry ─► ShellVerb.run(ShellArgs, ShellSession) ─► MasterHttp ─► masters
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.cli.shell.ShellVerb}: one command; {@link io.hayloft.cli.shell.ShellRegistry}
 *       names them; {@code help} lists them.</li>
 *   <li>{@link io.hayloft.cli.shell.ShellArgs}: SeaweedFS-style {@code -name value} and {@code -flag}
 *       arguments, unknown names refused.</li>
 *   <li>{@link io.hayloft.cli.shell.MasterHttp}: JSON calls to the masters (JDK HttpClient), tried in
 *       order, retrying 503 (no leader yet) within a deadline.</li>
 *   <li>Destructive commands only say what they would do unless given {@code -apply}.</li>
 * </ul>
 * The prompt is a plain line reader: no history or tab completion (JLine is not a dependency).
 */
package io.hayloft.cli.shell;
