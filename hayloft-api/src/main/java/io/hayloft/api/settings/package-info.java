/**
 * One definition per setting of a server role: its name (the flag without its dash, and the TOML
 * key), its {@link io.hayloft.api.settings.Kind} (how its text reads, its unit and allowed range),
 * its default, its description, and how it lands in the role's config record.
 *
 * <pre>
 *   MasterSettings.TABLE ──► picocli options and --help   (hayloft-cli)
 *        │               ──► TOML defaults ([master] port = 9333)
 *        │               ──► docs/operations.md reference (checked by a test)
 *        └─────────────► MasterConfig's compact constructor checks each value with Setting#check
 * </pre>
 *
 * Key types: {@link io.hayloft.api.settings.Setting}, {@link io.hayloft.api.settings.Kind} (built by
 * {@link io.hayloft.api.settings.Kinds}), {@link io.hayloft.api.settings.SettingsTable}.
 */
package io.hayloft.api.settings;
