/**
 * Layer 4 of pgmcp's read-only promise, least privilege: {@link dev.pgmcp.security.RoleInspector}
 * inspects the role pgmcp connects as, {@link dev.pgmcp.security.RoleReport} carries the verdict
 * (refuse, warn, ok), and {@link dev.pgmcp.security.ReadOnlyRoleSql} writes the SQL for a proper
 * read-only role. The engine checks each database's role when it first connects to it.
 */
package dev.pgmcp.security;
