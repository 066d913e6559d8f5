package dev.pgmcp.internal.security;

import java.util.List;

/**
 * pgmcp does not serve a database through the configured role: {@link RoleInspector} found it to be
 * a superuser or to have server file or program access ({@link RoleReport.Verdict#REFUSE}), and
 * {@code PGMCP_ALLOW_UNSAFE_ROLE} is not set. The message names the role, the reasons and the fix;
 * it never contains credentials.
 */
public final class RoleRefusedException extends RuntimeException {

    private final String databaseAlias;
    private final transient RoleReport report;

    /**
     * @param databaseAlias the configured alias of the database, e.g. {@code main}
     * @param report        the inspection that refused the role
     */
    public RoleRefusedException(String databaseAlias, RoleReport report) {
        super("Database '" + databaseAlias + "' is not served: " + String.join("; ", report.refusals())
                + ". Connect as a read-only role (`pgmcp-server --check` prints the SQL to create one), or set "
                + "PGMCP_ALLOW_UNSAFE_ROLE=true to serve anyway (not for production).");
        this.databaseAlias = databaseAlias;
        this.report = report;
    }

    /**
     * For {@code PGMCP_VALIDATION=role}: that mode relaxes the function policy on the promise that the
     * role cannot write, so a role with any warning (write or CREATE privilege...) is refused too.
     *
     * @param databaseAlias the configured alias of the database
     * @param report        the inspection, whose warnings are the reasons
     * @return the exception to throw
     */
    public static RoleRefusedException notReadOnlyForRoleMode(String databaseAlias, RoleReport report) {
        return new RoleRefusedException(databaseAlias, report, "Database '" + databaseAlias
                + "' is not served: PGMCP_VALIDATION=role needs a role verified read-only, but "
                + String.join("; ", report.warnings())
                + ". Revoke those privileges (`pgmcp-server --check` prints the SQL for a read-only role) or use "
                + "PGMCP_VALIDATION=strict.");
    }

    /**
     * A role callers are mapped to (per-person roles) is refused: it cannot be used, or it is a superuser
     * or may write, create objects, or reach server files or programs.
     *
     * @param databaseAlias the configured alias of the database
     * @param mapped        the mapped role's check
     * @param readOnlyMode  whether {@code PGMCP_VALIDATION=role} refuses it for its warnings
     * @return the exception to throw
     */
    public static RoleRefusedException mappedRole(String databaseAlias, MappedRoleReport mapped, boolean readOnlyMode) {
        List<String> reasons = new java.util.ArrayList<>(mapped.refusals());
        if (readOnlyMode) {
            reasons.addAll(mapped.warnings());
        }
        return new RoleRefusedException(databaseAlias, mapped.report(), "Database '" + databaseAlias
                + "' is not served: " + String.join("; ", reasons) + ". A role callers are mapped to (PGMCP_ROLE_MAP, "
                + "PGMCP_ROLE_CLAIM_MAP, PGMCP_ROLE_DEFAULT) must exist, have the login role as a member, and only read: "
                + "no superuser, no INSERT, UPDATE, DELETE, TRUNCATE or CREATE, no server file or program access"
                + (mapped.unusable() != null || readOnlyMode ? "." : "; PGMCP_ALLOW_UNSAFE_ROLE=true serves anyway "
                + "(not for production)."));
    }

    private RoleRefusedException(String databaseAlias, RoleReport report, String message) {
        super(message);
        this.databaseAlias = databaseAlias;
        this.report = report;
    }

    /** @return the configured alias of the refused database */
    public String databaseAlias() {
        return databaseAlias;
    }

    /** @return the inspection that refused the role */
    public RoleReport report() {
        return report;
    }
}
