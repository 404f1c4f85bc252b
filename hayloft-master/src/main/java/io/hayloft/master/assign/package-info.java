/**
 * File id assignment: {@link io.hayloft.master.assign.Assigner} turns an
 * {@link io.hayloft.master.assign.AssignRequest} into an {@link io.hayloft.master.assign.Assignment}
 * (fid, location, count), growing the layout once when it has no writable volume.
 *
 * <pre>
 *   request ─► pick writable ─(none)─► grow ─► pick ─► keys (sequencer) + random cookie ─► fid
 * </pre>
 */
package io.hayloft.master.assign;
