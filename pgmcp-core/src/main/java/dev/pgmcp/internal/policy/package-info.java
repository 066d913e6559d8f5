/**
 * Layer 2 of the SQL checks, per database: which functions and relations caller SQL may use.
 * {@link dev.pgmcp.internal.policy.QueryPolicy} runs after the database-independent
 * {@link dev.pgmcp.internal.sql.SqlValidator} and before anything is sent; it reads function volatility
 * ({@code pg_proc.provolatile}) and, for schema/table lists, relation names ({@code pg_class}) through
 * {@link dev.pgmcp.internal.policy.CatalogNames}, and applies {@link dev.pgmcp.internal.policy.RelationRules}.
 */
package dev.pgmcp.internal.policy;
