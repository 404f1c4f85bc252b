/**
 * {@code hayloft shell}: cluster administration commands, as SeaweedFS's {@code weed shell} has
 * them, one class per command.
 *
 * <pre>
 *   hayloft shell -master m1:9333,m2:9333 cluster.check          (one command, exit status)
 *   hayloft shell -master m1:9333 -filer f:8888                  (prompt: one command a line)
 *
 *   ShellCommand ─► ShellPrompt ◄─ PromptInput (plain lines | TerminalInput: JLine, history, ShellCompleter)
 *        │              │
 *        └──────► ShellRegistry ─► ShellVerb.run(ShellArgs, ShellSession)
 *                                      ├─► MasterHttp ─► masters (leader-only calls proxied) / volume servers
 *                                      └─► FsBridge ─► hayloft fs (FsCommand) ─► filer
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.cli.shell.ShellVerb}: one command; {@link io.hayloft.cli.shell.ShellRegistry}
 *       names them; {@code help} lists them. Areas: {@code cluster.*} (status, check, raft),
 *       {@code volume.*} (list, vacuum, fix.replication, balance, check.disk, move, mark, delete),
 *       {@code collection.*} (list, delete), {@code ec.*} (encode, rebuild, decode), {@code fs.*} (the {@code hayloft fs} commands plus
 *       {@code fs.cd}/{@code fs.pwd}, paths relative to the session's current directory).</li>
 *   <li>{@link io.hayloft.cli.shell.ShellArgs}: SeaweedFS-style {@code -name value} and {@code -flag}
 *       arguments, unknown names refused; operands only for the {@code fs.*} commands.</li>
 *   <li>{@link io.hayloft.cli.shell.MasterHttp}: JSON calls to the masters over hayloft-client's
 *       {@link io.hayloft.client.MasterClient} (the one master failover policy: leader first, its
 *       hints followed, UNAVAILABLE retried within {@code -patience}), requests built from
 *       {@code MasterApi}; single calls to volume servers ({@code VolumeApi}).</li>
 *   <li>{@link io.hayloft.cli.shell.ShellSession}: the masters, the filer, the output and the
 *       {@code fs.*} current directory.</li>
 *   <li>Destructive commands only say what they would do unless given {@code -apply}. A command
 *       that runs but finds problems or partly fails throws
 *       {@link io.hayloft.cli.shell.ShellFailedException} (exit status 1).</li>
 *   <li>On a terminal the prompt is a JLine line editor with completion of command names and
 *       options and a history file ({@code ~/.hayloft_shell_history}); piped input is read as
 *       plain lines.</li>
 * </ul>
 */
package io.hayloft.cli.shell;
