package dev.pgmcp.internal.engine;

import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.internal.security.RoleInspector;
import dev.pgmcp.internal.security.RoleRefusedException;
import dev.pgmcp.internal.security.RoleReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database's role check: runs {@link RoleInspector} on the first connection that succeeds,
 * remembers the verdict for the life of the engine, logs its warnings once, and refuses every later
 * use when the verdict is REFUSE (unless the unsafe-role override is set). While the database
 * cannot be reached, each use tries again, so a database that is down at start-up is checked when
 * it comes up.
 */
final class RoleGate {

    private static final Logger LOG = LoggerFactory.getLogger(RoleGate.class);

    private final String alias;
    private final QueryExecutor executor;
    private final boolean allowUnsafe;
    private final boolean requireReadOnly;
    private volatile RoleReport report;

    /**
     * @param requireReadOnly whether a WARN verdict refuses too ({@code PGMCP_VALIDATION=role}, whose
     *                        relaxed function policy relies on the role being read-only)
     */
    RoleGate(String alias, QueryExecutor executor, boolean allowUnsafe, boolean requireReadOnly) {
        this.alias = alias;
        this.executor = executor;
        this.allowUnsafe = allowUnsafe;
        this.requireReadOnly = requireReadOnly;
    }

    /**
     * @return the role's report once it is known to be acceptable
     * @throws RoleRefusedException when the role is refused and the override is not set
     * @throws dev.pgmcp.spi.QueryException when the database cannot be reached (try again later)
     */
    RoleReport pass() {
        RoleReport r = report;
        if (r == null) {
            synchronized (this) {
                r = report;
                if (r == null) {
                    r = executor.inReadOnlyTransaction(RoleInspector::inspect);
                    log(r);
                    report = r;
                }
            }
        }
        if (r.verdict() == RoleReport.Verdict.REFUSE && !allowUnsafe) {
            throw new RoleRefusedException(alias, r);
        }
        if (requireReadOnly && r.verdict() != RoleReport.Verdict.OK && !allowUnsafe) {
            throw RoleRefusedException.notReadOnlyForRoleMode(alias, r);
        }
        return r;
    }

    private void log(RoleReport r) {
        switch (r.verdict()) {
            case OK -> LOG.info("database '{}': role \"{}\" is read-only (no write, CREATE, file or program privilege)",
                    alias, r.role());
            case WARN -> r.warnings().forEach(w -> LOG.warn("database '{}': {}", alias, w));
            case REFUSE -> {
                if (allowUnsafe) {
                    r.refusals().forEach(x -> LOG.warn("!!! database '{}': {} -- serving anyway because "
                            + "PGMCP_ALLOW_UNSAFE_ROLE=true", alias, x));
                } else {
                    r.refusals().forEach(x -> LOG.error("database '{}' refused: {}", alias, x));
                }
                r.warnings().forEach(w -> LOG.warn("database '{}': {}", alias, w));
            }
        }
    }
}
