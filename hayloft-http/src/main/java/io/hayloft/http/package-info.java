/**
 * The small HTTP foundation every Hayloft server shares, on Vert.x 5.
 *
 * <pre>
 *   request -> event loop -> Router -> Blocking.handle(...) -> virtual thread -> service call
 *                                                                   |
 *               Responses.json(...) / Responses.error(...)  &lt;-------+
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.http.HttpServerHandle} starts a server on a host and port (0 = ephemeral),
 *       with {@code RequestGate} in front of the router and Vert.x's invalid-request handler, so that
 *       {@link io.hayloft.http.MalformedRequests} answers every request no route should see (bad
 *       escapes, no Host, undecodable lines and headers, other HTTP versions, broken chunked bodies)
 *       with a 4xx JSON; {@code LegacyRequestAdapter} (Netty) brings the versions Vert.x would answer
 *       with a bare 501 to that path.</li>
 *   <li>{@link io.hayloft.http.Blocking} runs disk, Raft and other blocking work on virtual threads,
 *       never on an event loop, and turns any exception into a JSON error.</li>
 *   <li>{@link io.hayloft.http.Responses} writes JSON ({@code ?pretty=y} indents) and maps
 *       {@link io.hayloft.api.HayloftException} codes to statuses, once, for every server; every error
 *       body is {@code {"error","code"}} (plus {@code "leader"} when known).</li>
 *   <li>{@link io.hayloft.http.Params} reads typed query parameters and rejects unknown ones.</li>
 *   <li>{@link io.hayloft.http.Json} is the one Jackson 3 mapper.</li>
 *   <li>{@link io.hayloft.http.WhiteList} ({@code -whiteList}) lets only listed IPs and CIDR blocks
 *       write; its guard is the first handler of each write route, so it holds for every spelling of
 *       a path the router normalises to that route; reads stay open.</li>
 *   <li>{@link io.hayloft.http.Metrics} keeps a Prometheus registry and serves {@code /metrics}.</li>
 *   <li>{@link io.hayloft.http.PeerClient} is every server's pooled Vert.x client of other servers, with a
 *       deadline on every call: whole answers ({@code send}, {@code call}) or streamed ones ({@code open},
 *       request bodies pumped from a stream with backpressure, answers read as a {@link io.hayloft.http.BodyInputStream});
 *       {@link io.hayloft.http.VertxHttpTransport} puts it behind {@code hayloft-api}'s
 *       {@code HttpTransport}, so the typed clients of {@code hayloft-client} (masters, filer, blobs) send
 *       through Vert.x inside the servers.</li>
 *   <li>{@link io.hayloft.http.BackgroundLoop} runs a server's periodic background work (scrub,
 *       replica sync, vacuum and repair passes) on a virtual thread until the server closes.</li>
 * </ul>
 */
package io.hayloft.http;
