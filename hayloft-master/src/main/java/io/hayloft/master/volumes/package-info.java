/**
 * The master's one client of volume servers, {@link io.hayloft.master.volumes.VolumeServerClient}: every
 * call the master makes to a volume server (growth, deletes, copies, syncs, marks, vacuum and garbage
 * checks), built from {@code VolumeApi}'s definitions and decided on the answer's error code.
 */
package io.hayloft.master.volumes;
