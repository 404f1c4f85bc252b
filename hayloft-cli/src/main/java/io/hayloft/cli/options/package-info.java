/**
 * Options and value converters the {@code hayloft} commands share: where the masters are
 * ({@link io.hayloft.cli.options.ClusterOptions}), and converters that turn option text into
 * Hayloft value types so bad input is a usage error (exit code 2) before anything runs
 * ({@link io.hayloft.cli.options.FileIdConverter}, {@link io.hayloft.cli.options.ReplicationConverter},
 * {@link io.hayloft.cli.options.TtlConverter}). The server commands' options come from their
 * roles' settings tables instead ({@code io.hayloft.cli.settings}).
 *
 * <p>Every option has a SeaweedFS-style single-dash name and a double-dash one
 * ({@code -master} and {@code --master}); picocli accepts {@code -name value} and {@code -name=value}.
 */
package io.hayloft.cli.options;
