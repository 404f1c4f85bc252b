/**
 * Commands that run servers in this process and keep running until SIGINT or SIGTERM:
 * {@link io.hayloft.cli.serve.MasterCommand} ({@code hayloft master}),
 * {@link io.hayloft.cli.serve.VolumeCommand} ({@code hayloft volume}),
 * {@link io.hayloft.cli.serve.FilerCommand} ({@code hayloft filer}) and
 * {@link io.hayloft.cli.serve.ServerCommand} ({@code hayloft server}: all three in one process).
 *
 * <p>Each command's options come from its role's settings table ({@code MasterSettings},
 * {@code VolumeSettings}, {@code FilerSettings}; {@code hayloft server} composes them, see
 * {@link io.hayloft.cli.settings.ServerOptions}) and turn into the server's typed config
 * ({@code MasterConfig}, {@code VolumeServerConfig}, {@code FilerConfig}); a value a setting
 * rejects is a usage error naming the flag and its range. Servers bind to
 * {@code -ip.bind} (all interfaces by default) and advertise {@code -ip}.
 * {@link io.hayloft.cli.serve.UntilShutdown} closes them, newest first, from a shutdown hook.
 */
package io.hayloft.cli.serve;
