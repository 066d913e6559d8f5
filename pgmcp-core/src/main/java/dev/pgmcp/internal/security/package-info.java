/**
 * Layer 4 of pgmcp's read-only promise, least privilege: {@link dev.pgmcp.internal.security.RoleInspector}
 * inspects the role pgmcp connects as, {@link dev.pgmcp.internal.security.RoleReport} carries the verdict
 * (refuse, warn, ok), and {@link dev.pgmcp.internal.security.ReadOnlyRoleSql} writes the SQL for a proper
 * read-only role. The engine checks each database's role when it first connects to it.
 */
package dev.pgmcp.internal.security;
