/**
 * A volume server's web page ({@code GET /ui}): its disks, volumes and erasure-coded shards, and how
 * far scrub and replica sync have got.
 *
 * <pre>
 *   volume.html + volume.js (resources) ──► UiPage (io.hayloft.http.ui) ──► GET /ui
 *   volume.js polls GET /ui/status every 2 s ──► VolumeOverview.of(store, EC shards,
 *                                                 Scrubber.progress(), ReplicaSync.progress())
 * </pre>
 */
package io.hayloft.volume.ui;
