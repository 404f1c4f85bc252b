/**
 * The small HTTP foundation every Hayloft server shares, on Vert.x 5.
 *
 * <pre>
 *   request -> event loop -> Router -> Blocking.handle(...) -> virtual thread -> service call
 *                                                                   |
 *               Responses.json(...) / Responses.error(...)  &lt;-------+
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.http.HttpServerHandle} starts a server on a host and port (0 = ephemeral).</li>
 *   <li>{@link io.hayloft.http.Blocking} runs disk, Raft and other blocking work on virtual threads,
 *       never on an event loop, and turns any exception into a JSON error.</li>
 *   <li>{@link io.hayloft.http.Responses} writes JSON ({@code ?pretty=y} indents) and maps
 *       {@link io.hayloft.api.HayloftException} codes to statuses, once, for every server.</li>
 *   <li>{@link io.hayloft.http.Params} reads typed query parameters and rejects unknown ones.</li>
 *   <li>{@link io.hayloft.http.Json} is the one Jackson 3 mapper.</li>
 *   <li>{@link io.hayloft.http.WhiteList} ({@code -whiteList}) lets only listed IPs and CIDR blocks
 *       write; reads stay open.</li>
 *   <li>{@link io.hayloft.http.Metrics} keeps a Prometheus registry and serves {@code /metrics}.</li>
 *   <li>{@link io.hayloft.http.BackgroundLoop} runs a server's periodic background work (scrub,
 *       replica sync, vacuum and repair passes) on a virtual thread until the server closes.</li>
 * </ul>
 */
package io.hayloft.http;
