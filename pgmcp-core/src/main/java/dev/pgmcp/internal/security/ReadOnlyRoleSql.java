package dev.pgmcp.internal.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The SQL that creates the role pgmcp should connect as: a login role with no attributes beyond
 * LOGIN, CONNECT on the database, USAGE and SELECT on the given schemas (today's tables, and through
 * {@code ALTER DEFAULT PRIVILEGES} tomorrow's tables created by whoever runs the script), and
 * {@code default_transaction_read_only = on} as the role's own default. {@link RoleInspector}
 * reports such a role as {@link RoleReport.Verdict#OK}.
 */
public final class ReadOnlyRoleSql {

    /** The role name suggested by {@code --check}. */
    public static final String DEFAULT_ROLE = "pgmcp_reader";

    private ReadOnlyRoleSql() {
    }

    /**
     * @param role     the role to create
     * @param password its password, or {@code null} for none (e.g. trust or certificate authentication)
     * @param database the database to grant CONNECT on
     * @param schemas  the schemas to grant USAGE and SELECT in (at least one)
     * @return the statements, in order, without trailing semicolons
     * @throws IllegalArgumentException when {@code schemas} is empty
     */
    public static List<String> statements(String role, String password, String database, List<String> schemas) {
        return statements(role, password, database, schemas, false);
    }

    /**
     * @param role       the role to create
     * @param password   its password, or {@code null} for none
     * @param database   the database to grant CONNECT on
     * @param schemas    the schemas to grant USAGE and SELECT in (at least one)
     * @param monitoring whether to add {@code GRANT pg_monitor}: read-only statistics for the insight
     *                   tools (other sessions' queries, {@code pg_stat_statements} of every role, standby lag)
     * @return the statements, in order, without trailing semicolons
     * @throws IllegalArgumentException when {@code schemas} is empty
     */
    public static List<String> statements(String role, String password, String database, List<String> schemas,
                                          boolean monitoring) {
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("at least one schema is needed");
        }
        String r = ident(role);
        List<String> out = new ArrayList<>();
        out.add("CREATE ROLE " + r + " LOGIN" + (password == null ? "" : " PASSWORD " + literal(password))
                + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
        out.add("GRANT CONNECT ON DATABASE " + ident(database) + " TO " + r);
        for (String s : schemas) {
            String schema = ident(s);
            out.add("GRANT USAGE ON SCHEMA " + schema + " TO " + r);
            out.add("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + r);
            out.add("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT SELECT ON TABLES TO " + r);
        }
        if (monitoring) {
            out.add("GRANT pg_monitor TO " + r);
        }
        out.add("ALTER ROLE " + r + " SET default_transaction_read_only = on");
        return out;
    }

    /**
     * @return {@link #statements} as a script for a person to review and run in psql, with comments
     */
    public static String script(String role, String database, List<String> schemas) {
        StringBuilder sb = new StringBuilder();
        sb.append("-- Run as the owner of the tables (ALTER DEFAULT PRIVILEGES covers the tables that role creates later),\n")
                .append("-- choose a password, then connect pgmcp as ").append(role).append(".\n");
        for (String s : statements(role, "change-me", database, schemas)) {
            sb.append(s).append(";\n");
        }
        sb.append("-- Optional, read-only: statistics for get_database_health, get_top_queries and get_locks_and_activity\n")
                .append("-- (other sessions' queries, every role's pg_stat_statements, standby lag).\n")
                .append("-- GRANT pg_monitor TO ").append(ident(role)).append(";\n");
        return sb.toString();
    }

    /** Reserved words a schema or role might plausibly be named after (PostgreSQL Appendix C). */
    private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "check", "column", "default",
            "do", "end", "grant", "group", "limit", "offset", "order", "select", "table", "to", "user", "where", "with");

    /** Quotes an identifier unless it is a plain lower-case name that is not a reserved word. */
    static String ident(String name) {
        if (name.matches("[a-z_][a-z0-9_]*") && !RESERVED.contains(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

}
