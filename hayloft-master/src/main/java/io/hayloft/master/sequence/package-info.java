/**
 * Needle keys: {@link io.hayloft.master.sequence.FileKeySequencer} hands out keys from blocks
 * reserved in a {@link io.hayloft.master.sequence.KeyLedger} (the Raft state), and never at or
 * below a key a volume server reported.
 *
 * <pre>
 *   nextKeys(n) ── block has room ──► [next, next+n)
 *        └── block used up, or leader term changed ──► ledger.reserveKeyBlock(10 000)
 *                                                       ──► new block above the committed ceiling
 *   observe(maxFileKey) ── above ceiling ──► ledger.raiseKeyCeiling ──► drop local block
 * </pre>
 */
package io.hayloft.master.sequence;
