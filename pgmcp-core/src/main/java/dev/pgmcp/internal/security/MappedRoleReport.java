package dev.pgmcp.internal.security;

import java.util.ArrayList;
import java.util.List;

/**
 * The start-up check of one role callers are mapped to (per-person roles), in one database: what
 * {@link RoleInspector} found while running as it ({@link RoleReport#mapped()}: write and CREATE
 * privileges refuse it), whether the login role can switch to it at all, and whether the login role
 * inherits its privileges (it should not: a login role with {@code NOINHERIT} has nothing of its own,
 * so a call without a role reads nothing).
 *
 * @param role             the mapped role
 * @param loginRole        the role pgmcp logs in as ({@code session_user}), or {@code null} when unknown
 * @param report           the inspection as that role, or {@code null} when it could not be used
 * @param unusable         why pgmcp cannot switch to the role (PostgreSQL's message: it does not exist, or
 *                         the login role is not a member), or {@code null}
 * @param inheritedByLogin whether the login role holds the role's privileges without switching (a member
 *                         with INHERIT)
 * @param settingChangers  views the role may read and functions it may run (outside {@code pg_catalog},
 *                         {@code information_schema} and extensions) that call {@code set_config}, as
 *                         {@code schema.name (view|function)}: pgmcp's validator refuses {@code set_config}
 *                         in a caller's SQL, but cannot see inside them, and {@code set_config('role', ...)}
 *                         there switches the rest of the statement to another role the login role is a
 *                         member of (the rollback undoes it before the next call)
 */
public record MappedRoleReport(String role, String loginRole, RoleReport report, String unusable,
                               boolean inheritedByLogin, List<String> settingChangers) {

    public MappedRoleReport {
        settingChangers = List.copyOf(settingChangers);
    }

    /** @param why PostgreSQL's message when switching to the role failed */
    public static MappedRoleReport unusable(String role, String why) {
        return new MappedRoleReport(role, null, null, why, false, List.of());
    }

    /** @return REFUSE when the role cannot be used or its report refuses it, else its report's verdict (or WARN) */
    public RoleReport.Verdict verdict() {
        if (!refusals().isEmpty()) {
            return RoleReport.Verdict.REFUSE;
        }
        return warnings().isEmpty() ? RoleReport.Verdict.OK : RoleReport.Verdict.WARN;
    }

    /** @return one line per reason to refuse the role */
    public List<String> refusals() {
        if (unusable != null) {
            return List.of("mapped role \"" + role + "\" cannot be used: " + unusable + " (the login role must be a "
                    + "member of it: GRANT \"" + role.replace("\"", "\"\"") + "\" TO the login role)");
        }
        return report.refusals();
    }

    /** @return one line per warning */
    public List<String> warnings() {
        if (unusable != null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(report.warnings());
        if (inheritedByLogin) {
            out.add("login role \"" + loginRole + "\" inherits the privileges of mapped role \"" + role + "\": make it "
                    + "NOINHERIT (ALTER ROLE ... NOINHERIT, or GRANT ... WITH INHERIT FALSE on PostgreSQL 16+) so that "
                    + "a call runs with the privileges of its own role only");
        }
        if (!settingChangers.isEmpty()) {
            out.add("mapped role \"" + role + "\" may use objects that call set_config: "
                    + String.join(", ", settingChangers) + "; a statement reading one could switch to another mapped "
                    + "role (set_config('role', ...)) until its transaction is rolled back: drop them or revoke them "
                    + "from the mapped roles");
        }
        return out;
    }
}
