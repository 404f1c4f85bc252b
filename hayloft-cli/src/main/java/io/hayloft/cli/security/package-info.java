/**
 * {@code hayloft security}: writes what a cluster needs to run with {@code security.toml} on.
 *
 * <pre>
 *   hayloft security init DIR ─► TestCertificates: ca.pem, ca-key.pem, node.pem, node-key.pem
 *                             └► security.toml: [jwt.signing], [internal] random keys, [tls] naming the PEM files
 * </pre>
 */
package io.hayloft.cli.security;
