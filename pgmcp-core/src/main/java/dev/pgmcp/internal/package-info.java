/**
 * The engine behind pgmcp's public API: the executor ({@code exec}), the SQL validator ({@code sql}), the
 * query policy ({@code policy}), connection pools ({@code pool}), the role check ({@code security}), the
 * call chain and databases ({@code engine}), the built-in tools ({@code tools}), the audit log
 * ({@code audit}), the built-in resources ({@code resources}) and the embedded PostgreSQL server used by
 * the demo and the tests ({@code embedded}).
 *
 * <p>Not an API: its classes are public so that pgmcp's own modules (the protocol layer, the transports,
 * the launcher) can use them, and they change without notice. Host applications use {@code dev.pgmcp.PgMcp},
 * {@code dev.pgmcp.config}, {@code dev.pgmcp.spi}, {@code dev.pgmcp.schema} and the transports' entry
 * points; an ArchUnit test keeps the SPI and the catalog from naming anything here.
 */
package dev.pgmcp.internal;
