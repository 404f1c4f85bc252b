/**
 * The master's web page ({@code GET /} from a browser, {@code GET /ui}): the Raft group, the
 * topology tree with free slots, volumes by layout with their replicas' health, collections,
 * erasure-coded volumes and what the replica repair loop is doing.
 *
 * <pre>
 *   master.html + master.js (resources) ──► UiPage (io.hayloft.http.ui) ──► GET / | GET /ui
 *   master.js polls GET /ui/status every 2 s ──► MasterOverview.of(topology, Raft status, repair status)
 * </pre>
 * {@link io.hayloft.master.ui.MasterUiRoutes} installs the routes; {@link io.hayloft.master.ui.MasterOverview}
 * is the JSON, read from this master's own topology, so a follower's page works too.
 */
package io.hayloft.master.ui;
