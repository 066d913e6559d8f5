/**
 * Micrometer metrics for pgmcp ({@link dev.pgmcp.metrics.PgMcpMetrics}). Micrometer is an optional
 * dependency of pgmcp-core: no class outside this package refers to it, and nothing in the engine
 * loads this package, so a host without Micrometer never touches it.
 */
package dev.pgmcp.metrics;
