/**
 * What the commands show a person at a terminal: {@link io.hayloft.cli.console.Progress}, a progress
 * bar on stderr that is drawn only when {@link java.lang.System#console()} says a terminal is attached,
 * so scripts and pipes see clean output.
 */
package io.hayloft.cli.console;
