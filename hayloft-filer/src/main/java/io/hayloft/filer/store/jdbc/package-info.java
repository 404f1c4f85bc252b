/**
 * The {@link io.hayloft.filer.store.FilerStore} on a PostgreSQL-compatible database, for filers that
 * share one namespace or whose metadata outgrows one machine.
 *
 * <pre>
 *   Mutation ──► one transaction: DELETE entries, UPSERT entries, INSERT queue rows, DELETE intents
 *   tree operation (rename, compose, ...) ──► the namespace's rules in one SERIALIZABLE transaction,
 *                                             run again when PostgreSQL refuses it (40001)
 *   list(dir, start) ──► SELECT … WHERE directory = ? AND name &gt; ? ORDER BY name LIMIT ?  (PK range scan)
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.filer.store.jdbc.JdbcFilerStore}: the store and its schema (documented there).</li>
 *   <li>{@code ConnectionPool}: a few reused connections; broken ones are replaced.</li>
 * </ul>
 */
package io.hayloft.filer.store.jdbc;
