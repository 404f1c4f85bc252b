/**
 * Security shared by every role and client, as {@code security.toml} configures it (all off by default):
 * signed fid tokens, the internal token between roles, and the TLS files.
 *
 * <pre>
 *   client ── /dir/assign ──► master: {"fid","url","auth": FidTokens.mint(fid, count)}
 *   client ── POST /fid, Authorization: Bearer auth ──► volume server: FidTokens.check(auth, fid) or 401
 *   role ── any call, X-Hayloft-Internal: InternalTokens.token() ──► role: InternalTokens.check or 401
 * </pre>
 *
 * Key types: {@link io.hayloft.security.Jwt} (HS256 only: sign and verify),
 * {@link io.hayloft.security.FidTokens} (write and read tokens for the fids of one assignment),
 * {@link io.hayloft.security.InternalTokens} (the token between roles),
 * {@link io.hayloft.security.SecurityConfig} (what is on), {@link io.hayloft.security.TlsFiles},
 * {@link io.hayloft.security.PemFiles} (a JDK client context from them) and
 * {@link io.hayloft.security.ReloadingTlsManagers} (key and trust managers that follow renewed files: the masters'
 * Raft over gRPC).
 */
package io.hayloft.security;
