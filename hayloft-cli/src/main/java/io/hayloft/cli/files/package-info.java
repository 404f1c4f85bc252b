/**
 * Commands that move files in and out of a running cluster through
 * {@link io.hayloft.client.HayloftClient}: {@link io.hayloft.cli.files.UploadCommand}
 * ({@code hayloft upload}, JSON on stdout), {@link io.hayloft.cli.files.DownloadCommand}
 * ({@code hayloft download}) and {@link io.hayloft.cli.files.DeleteCommand} ({@code hayloft delete}).
 *
 * <p>Each command handles every argument even when some fail, reports each failure on stderr and
 * exits with 1 if any failed. {@link io.hayloft.cli.console.Progress} draws a progress bar on a
 * terminal when there is more than one file.
 */
package io.hayloft.cli.files;
