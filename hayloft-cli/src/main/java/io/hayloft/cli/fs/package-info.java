/**
 * {@code hayloft fs}: seed 004's client ({@code ls/put/get/rm/mkdir/mv/cat/du/tree}) over the filer's
 * HTTP API.
 *
 * <pre>
 *   hayloft fs -filer host:8888 put a.txt b.txt /tmp/banana/
 *        │  FsCommand (-filer, inherited)  ─►  PutCommand (one class per subcommand)
 *        ▼
 *   FsFiler ─► io.hayloft.client.FilerClient (JdkHttpTransport, streamed bodies) ──HTTP──► filer: PUT /tmp/banana/a.txt …
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.cli.fs.FsCommand}: the parent command.</li>
 *   <li>{@code FsSubcommand}: the shell's error convention ({@code hayloft fs: PATH: reason}, exit 1).</li>
 *   <li>{@code FsFiler}, {@code RemoteEntry}, {@code FsFailure}: the filer as the commands see it, a thin
 *       adapter over the one filer client ({@link io.hayloft.client.FilerClient}) that words its failures
 *       for a shell user.</li>
 *   <li>{@code ByteProgress}: a progress bar for big transfers, on a terminal only.</li>
 * </ul>
 */
package io.hayloft.cli.fs;
