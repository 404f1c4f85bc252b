/**
 * {@code hayloft simulate}: measurements at a scale these machines cannot hold for real. {@code simulate
 * volume} generates a volume server's data ({@link io.hayloft.storage.SyntheticVolumes}), starts a real
 * volume server process on it, and reports its start-up time, its memory and its read latency with a cold
 * and a warm page cache. {@code simulate cluster} runs real master processes under thousands of synthetic
 * volume servers, a load generator and scripted failures, and reports what the masters cost (see
 * {@link io.hayloft.cli.simulate.cluster}).
 */
package io.hayloft.cli.simulate;
