package dev.pgmcp.examples;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.RoleMapping;
import dev.pgmcp.internal.pool.ReplicaRouter;
import dev.pgmcp.internal.security.MappedRoleReport;
import dev.pgmcp.internal.security.ReadOnlyRoleSql;
import dev.pgmcp.internal.security.RoleRefusedException;
import dev.pgmcp.internal.security.RoleReport;
import dev.pgmcp.spi.QueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.List;

/**
 * The launcher's two uses of the role check (layer 4): {@link #atStartUp} before serving, and
 * {@link #report} for {@code --check}.
 */
final class RoleCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RoleCheck.class);

    /** {@code --check} exit code: every role is read-only. */
    static final int OK = 0;
    /** {@code --check} exit code: some role has privileges a read-only role should not have. */
    static final int WARNINGS = 1;
    /** {@code --check} exit code: some role is refused, a database cannot be reached, or the configuration is bad. */
    static final int REFUSED = 2;

    private RoleCheck() {
    }

    /**
     * Checks every database's role before serving. A database that cannot be reached now is checked
     * when it first connects; its calls fail with "Database unavailable" until then.
     *
     * @throws RoleRefusedException when a reachable database's role is refused
     */
    static void atStartUp(PgMcp engine) {
        for (String name : engine.databases().names()) {
            try {
                engine.databases().checkRole(name);
            } catch (QueryException e) {
                if (!e.connectionProblem()) {
                    throw e;
                }
                LOG.warn("database '{}' cannot be reached now ({}); its role is checked when it first connects",
                        name, e.describe().replace('\n', ' '));
            }
        }
    }

    /**
     * Prints the per-person role mapping and each mapped role's verdict in one database (nothing when no
     * mapping is configured).
     *
     * @return the worst exit code of the mapped roles
     */
    private static int mappedRoles(PgMcp engine, String database, PrintWriter out) {
        RoleMapping mapping = engine.databases().roleMapping();
        if (!mapping.enabled()) {
            return OK;
        }
        out.println("  per-person roles (each call runs SET ROLE to its role, in its transaction):");
        for (String line : describe(mapping)) {
            out.println("    " + line);
        }
        List<MappedRoleReport> reports;
        try {
            reports = engine.databases().inspectMappedRoles(database);
        } catch (QueryException e) {
            out.println("  cannot check the mapped roles: " + e.describe());
            return REFUSED;
        }
        int code = OK;
        for (MappedRoleReport m : reports) {
            out.println("  mapped role \"" + m.role() + "\": " + m.verdict());
            m.refusals().forEach(x -> out.println("    REFUSE: " + x));
            m.warnings().forEach(x -> out.println("    WARN:   " + x));
            switch (m.verdict()) {
                case OK -> out.println("    ok: no superuser, no server file or program access, no write or CREATE privilege");
                case WARN -> code = Math.max(code, WARNINGS);
                case REFUSE -> code = REFUSED;
            }
        }
        return code;
    }

    /**
     * Prints each standby (read replica) of one database: whether its role passed the same check, whether
     * it can be reached, is in recovery, and serves reads at its replay lag (nothing when none is configured).
     *
     * @return {@link #REFUSED} when a standby's role is refused, {@link #WARNINGS} when one cannot be reached
     *         or is not a standby (reads then stay on the primary), else {@link #OK}
     */
    private static int standbys(PgMcp engine, String database, PrintWriter out) {
        List<ReplicaRouter.StandbyState> states = engine.databases().standbys(database);
        if (states.isEmpty()) {
            return OK;
        }
        long bound = engine.config().replicaMaxLag().toMillis();
        out.println("  read replicas (reads go to a standby within " + bound + " ms of replay lag, "
                + "PGMCP_REPLICA_MAX_LAG_MS; else to the primary):");
        int code = OK;
        for (ReplicaRouter.StandbyState s : states) {
            String state;
            if (s.refusal() != null) {
                state = "REFUSE: " + s.refusal() + "; it serves nothing";
                code = REFUSED;
            } else if (!s.reachable()) {
                state = "WARN: cannot be reached; reads go to the primary until it is back";
                code = Math.max(code, WARNINGS);
            } else if (!s.standby()) {
                state = "WARN: not in recovery (not a standby, or promoted); reads stay off it";
                code = Math.max(code, WARNINGS);
            } else if (s.serving()) {
                state = "serves reads (replay lag " + s.lagMillis() + " ms)";
            } else {
                state = "behind (replay lag " + (s.lagMillis() < 0 ? "unknown" : s.lagMillis() + " ms")
                        + "); reads go to the primary until it catches up";
            }
            out.println("    standby " + s.label() + ": " + state);
        }
        return code;
    }

    /** @return the mapping, one line per rule, in the order rules are tried */
    static List<String> describe(RoleMapping mapping) {
        List<String> lines = new java.util.ArrayList<>();
        mapping.byPrincipal().forEach((principal, role) -> lines.add("principal " + principal + " -> " + role));
        if (mapping.claim() != null) {
            mapping.byClaimValue().forEach((value, role) -> lines.add("claim " + mapping.claim() + " holds " + value
                    + " -> " + role));
            if (mapping.byClaimValue().size() > 1) {
                lines.add("(several claim values: the first line above that matches wins)");
            }
        }
        lines.add("anyone else -> " + (mapping.defaultRole() == null ? "refused, nothing runs (PGMCP_ROLE_DEFAULT unset)"
                : mapping.defaultRole()));
        if (!mapping.byPrincipal().containsKey(dev.pgmcp.spi.Principal.LOCAL_NAME)) {
            lines.add("local process (stdio, start-up checks) -> the login role");
        }
        return lines;
    }

    /** Runs a task on a new daemon thread named {@code pgmcp-role-check} (an {@link java.util.concurrent.Executor}). */
    static void runOnDaemonThread(Runnable task) {
        Thread t = new Thread(task, "pgmcp-role-check");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Prints each database's report and the SQL for a proper read-only role.
     *
     * @return {@link #OK}, {@link #WARNINGS} or {@link #REFUSED}, the worst over all databases
     */
    static int report(PgMcp engine, PrintWriter out) {
        int code = OK;
        for (String name : engine.databases().names()) {
            RoleReport r;
            try {
                r = engine.databases().inspectRole(name);
            } catch (QueryException e) {
                out.println("database '" + name + "': cannot check the role: " + e.describe());
                code = REFUSED;
                continue;
            }
            out.println("database '" + name + "' (" + r.database() + "), role \"" + r.role() + "\": " + r.verdict());
            r.refusals().forEach(x -> out.println("  REFUSE: " + x));
            r.warnings().forEach(x -> out.println("  WARN:   " + x));
            if (!r.monitoringRoles().isEmpty()) {
                // pg_read_all_stats (part of pg_monitor) is what shows other roles' sessions and statements.
                out.println("  monitoring (read-only, accepted): member of " + String.join(", ", r.monitoringRoles())
                        + (r.monitoringRoles().contains("pg_read_all_stats")
                        ? "; the insight tools see every role's sessions and statements" : ""));
            }
            switch (r.verdict()) {
                case OK -> out.println("  ok: no superuser, no server file or program access, no write or CREATE privilege");
                case WARN -> code = Math.max(code, WARNINGS);
                case REFUSE -> {
                    code = REFUSED;
                    out.println("  pgmcp will not serve this database through this role"
                            + (engine.config().allowUnsafeRole() ? " (but PGMCP_ALLOW_UNSAFE_ROLE=true overrides that)" : "."));
                }
            }
            code = Math.max(code, mappedRoles(engine, name, out));
            code = Math.max(code, standbys(engine, name, out));
            if (r.verdict() != RoleReport.Verdict.OK) {
                List<String> schemas = r.schemas().isEmpty() ? List.of("public") : r.schemas();
                out.println();
                out.println("A read-only role for this database:");
                out.println();
                out.print(ReadOnlyRoleSql.script(ReadOnlyRoleSql.DEFAULT_ROLE, r.database(), schemas));
            }
            out.println();
        }
        out.println(switch (code) {
            case OK -> "Result: OK (exit code 0)";
            case WARNINGS -> "Result: warnings (exit code 1)";
            default -> "Result: refused or not checked (exit code 2)";
        });
        out.flush();
        return code;
    }
}
