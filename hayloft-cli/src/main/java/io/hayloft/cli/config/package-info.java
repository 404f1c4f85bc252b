/**
 * One configuration file for every role (seed 002): {@code hayloft -config cluster.toml master|volume|
 * filer|server ...}. Command-line flags override the file.
 *
 * <pre>
 *   cluster.toml ──► TomlFile (sections of key = value) ──► ConfigDefaults (picocli default values)
 *                                                              │  section named after the subcommand
 *   hayloft -config cluster.toml volume -port 8081  ──────────┘  (-port from the flag, the rest from [volume])
 * </pre>
 */
package io.hayloft.cli.config;
