/**
 * Path rules: per path prefix, where a file's chunks go (collection, replication, TTL) and how big
 * they are, when the write request itself names none (the "path rules in the filer config";
 * SeaweedFS keeps the same idea in {@code filer.conf}).
 *
 * <pre>
 *   POST /pictures/2024/cat.jpg
 *        │
 *        ▼
 *   PathRules.match(path) ── longest prefix wins ──► PathRule "/pictures/" {collection: pictures}
 *        │
 *        ▼
 *   request query (collection, replication, ttl, maxMB)  ▸ overrides ▸  rule  ▸ overrides ▸  filer defaults
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.filer.rules.PathRule}: one prefix and the settings it fixes.</li>
 *   <li>{@link io.hayloft.filer.rules.PathRules}: the rule set, its JSON file format and the lookup.</li>
 * </ul>
 */
package io.hayloft.filer.rules;
