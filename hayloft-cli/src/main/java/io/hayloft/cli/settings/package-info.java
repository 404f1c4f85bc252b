/**
 * The server commands' options, built from the roles' settings tables ({@code MasterSettings},
 * {@code VolumeSettings}, {@code FilerSettings}) so that a setting's name, default, unit, range and
 * description are written once.
 *
 * <pre>
 *   MasterSettings.TABLE ─► RoleOptions ─► picocli OptionSpecs (-port, --port; help text; default)
 *                                  ▲                 │  ConfigDefaults: TOML [master] port = 9333
 *                                  │                 ▼
 *                         ServerOptions        option text ─► Setting#parse (flag and range in the error)
 *                 (-master.port, -volume.max,         │
 *                  shared -ip, -pulseSeconds)         ▼
 *                                              MasterConfig (its constructor checks again)
 * </pre>
 *
 * {@link io.hayloft.cli.settings.SettingsReference} renders the same tables as the reference in
 * {@code docs/operations.md}.
 */
package io.hayloft.cli.settings;
