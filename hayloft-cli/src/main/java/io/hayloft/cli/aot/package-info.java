/**
 * The training run of the JVM's ahead-of-time cache (JEP 483/514/515): {@code bin/hayloft} runs
 * {@link io.hayloft.cli.aot.AotTraining} once per build with {@code -XX:AOTCacheOutput}, and every later
 * start maps the classes it loaded, linked and profiled from that cache instead of doing it again.
 *
 * <pre>
 *   bin/hayloft (jar newer than the cache) ─► java -XX:AOTCacheOutput=target/hayloft.aot AotTraining
 *        master + volume server + filer in process, ephemeral ports, a temp dir
 *        ─► assign, uploads (multipart, raw), reads (fast path, Range, 304, HEAD), deletes, filer put/get
 *   bin/hayloft server ─► java -XX:AOTCache=target/hayloft.aot ... (a cache that does not match is ignored)
 * </pre>
 */
package io.hayloft.cli.aot;
