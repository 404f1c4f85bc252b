/**
 * Commands that run servers in this process and keep running until SIGINT or SIGTERM:
 * {@link io.hayloft.cli.serve.MasterCommand} ({@code hayloft master}),
 * {@link io.hayloft.cli.serve.VolumeCommand} ({@code hayloft volume}) and
 * {@link io.hayloft.cli.serve.ServerCommand} ({@code hayloft server}: both in one process).
 *
 * <p>Each command turns its options into the server's typed config ({@code MasterConfig},
 * {@code VolumeServerConfig}); a value the config rejects is a usage error. Servers bind to
 * {@code -ip.bind} (all interfaces by default) and advertise {@code -ip}.
 * {@link io.hayloft.cli.serve.UntilShutdown} closes them, newest first, from a shutdown hook.
 * Options the master and the all-in-one server share are declared once, in a picocli mixin
 * ({@link io.hayloft.cli.serve.ReplicationOptions}); {@code -config} defaults reach them as any other.
 */
package io.hayloft.cli.serve;
