package dev.pgmcp.internal.engine;

import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.internal.security.MappedRoleReport;
import dev.pgmcp.internal.security.RoleInspector;
import dev.pgmcp.internal.security.RoleRefusedException;
import dev.pgmcp.internal.security.RoleReport;
import dev.pgmcp.spi.QueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One database's role check: runs {@link RoleInspector} on the first connection that succeeds, for
 * the login role and then as each role callers are mapped to (per-person roles), remembers the
 * verdicts for the life of the engine, logs their warnings once, and refuses every later use when a
 * verdict is REFUSE (unless the unsafe-role override is set; a mapped role the login role cannot
 * switch to is refused whatever the override). While the database cannot be reached, each use tries
 * again, so a database that is down at start-up is checked when it comes up.
 */
final class RoleGate {

    private static final Logger LOG = LoggerFactory.getLogger(RoleGate.class);

    private final String alias;
    private final QueryExecutor executor;
    private final boolean allowUnsafe;
    private final boolean requireReadOnly;
    private final Set<String> mappedRoles;
    private volatile RoleReport report;
    private volatile List<MappedRoleReport> mapped;

    /**
     * @param requireReadOnly whether a WARN verdict refuses too ({@code PGMCP_VALIDATION=role}, whose
     *                        relaxed function policy relies on the role being read-only)
     * @param mappedRoles     the roles callers are mapped to, each checked as well
     */
    RoleGate(String alias, QueryExecutor executor, boolean allowUnsafe, boolean requireReadOnly, Set<String> mappedRoles) {
        this.alias = alias;
        this.executor = executor;
        this.allowUnsafe = allowUnsafe;
        this.requireReadOnly = requireReadOnly;
        this.mappedRoles = Set.copyOf(mappedRoles);
    }

    /**
     * @return the login role's report once it and every mapped role are known to be acceptable
     * @throws RoleRefusedException when a role is refused and the override is not set
     * @throws dev.pgmcp.spi.QueryException when the database cannot be reached (try again later)
     */
    RoleReport pass() {
        RoleReport r = report;
        List<MappedRoleReport> m = mapped;
        if (r == null || m == null) {
            synchronized (this) {
                r = report;
                m = mapped;
                if (r == null || m == null) {
                    // Explicitly as the login role, whatever call this thread is working on.
                    r = executor.inReadOnlyTransaction(null, RoleInspector::inspect);
                    m = inspectMapped(executor, mappedRoles);
                    log(r, m);
                    report = r;
                    mapped = m;
                }
            }
        }
        if (r.verdict() == RoleReport.Verdict.REFUSE && !allowUnsafe) {
            throw new RoleRefusedException(alias, r);
        }
        if (requireReadOnly && r.verdict() != RoleReport.Verdict.OK && !allowUnsafe) {
            throw RoleRefusedException.notReadOnlyForRoleMode(alias, r);
        }
        for (MappedRoleReport x : m) {
            if (x.unusable() != null || (x.verdict() == RoleReport.Verdict.REFUSE && !allowUnsafe)) {
                throw RoleRefusedException.mappedRole(alias, x, false);
            }
            if (requireReadOnly && x.verdict() != RoleReport.Verdict.OK && !allowUnsafe) {
                throw RoleRefusedException.mappedRole(alias, x, true);
            }
        }
        return r;
    }

    /**
     * Inspects each role as a mapped role, in a transaction of its own that runs as it.
     *
     * @return one report per role, in the order given; a role the login role cannot switch to (it does not
     *         exist, or the login role is not a member) is {@link MappedRoleReport#unusable}
     * @throws QueryException when the database cannot be reached
     */
    static List<MappedRoleReport> inspectMapped(QueryExecutor executor, Set<String> roles) {
        List<MappedRoleReport> out = new ArrayList<>();
        for (String role : roles) {
            try {
                out.add(executor.inReadOnlyTransaction(role, RoleInspector::inspectMapped));
            } catch (QueryException e) {
                if (e.connectionProblem()) {
                    throw e;
                }
                out.add(MappedRoleReport.unusable(role, e.getMessage()));
            }
        }
        return List.copyOf(out);
    }

    private void log(RoleReport r, List<MappedRoleReport> m) {
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
        for (MappedRoleReport x : m) {
            switch (x.verdict()) {
                case OK -> LOG.info("database '{}': mapped role \"{}\" is read-only", alias, x.role());
                case WARN -> x.warnings().forEach(w -> LOG.warn("database '{}': {}", alias, w));
                case REFUSE -> {
                    boolean overridden = allowUnsafe && x.unusable() == null;
                    x.refusals().forEach(y -> {
                        if (overridden) {
                            LOG.warn("!!! database '{}': {} -- serving anyway because PGMCP_ALLOW_UNSAFE_ROLE=true",
                                    alias, y);
                        } else {
                            LOG.error("database '{}' refused: {}", alias, y);
                        }
                    });
                    x.warnings().forEach(w -> LOG.warn("database '{}': {}", alias, w));
                }
            }
        }
    }
}
