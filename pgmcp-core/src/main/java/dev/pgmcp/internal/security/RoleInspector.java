package dev.pgmcp.internal.security;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Inspects the role a connection runs as ({@code current_user}) in three catalog queries:
 * {@code pg_roles} for its attributes and, through {@code pg_has_role}, its predefined-role
 * memberships; {@code has_table_privilege}/{@code has_any_column_privilege} over every table, view
 * and foreign table outside {@code pg_catalog} and {@code information_schema}; and
 * {@code has_schema_privilege}/{@code has_database_privilege} for CREATE. Privileges inherited
 * through other roles count, as PostgreSQL's privilege functions do.
 *
 * <p>Read-only: it runs fine inside pgmcp's READ ONLY transaction. Stateless and thread-safe.
 */
public final class RoleInspector {

    /** Memberships that refuse a role: server file access and server programs. */
    public static final List<String> FILE_ACCESS_ROLES =
            List.of("pg_read_server_files", "pg_write_server_files", "pg_execute_server_program");

    /** Memberships worth a warning (predefined roles of PostgreSQL 10..18; missing ones are ignored). */
    public static final List<String> RISKY_ROLES = List.of("pg_write_all_data", "pg_read_all_data", "pg_signal_backend",
            "pg_signal_autovacuum_worker", "pg_checkpoint", "pg_maintain", "pg_create_subscription",
            "pg_use_reserved_connections");

    /**
     * Read-only monitoring roles, accepted and reported ({@link RoleReport#monitoringRoles()}): they
     * show statistics, settings and other sessions' activity, which the insight tools
     * ({@code get_database_health}, {@code get_top_queries}, {@code get_locks_and_activity}) read; none
     * of them can change data or reach the server's files.
     */
    public static final List<String> MONITORING_ROLES =
            List.of("pg_monitor", "pg_read_all_stats", "pg_read_all_settings", "pg_stat_scan_tables");

    /** How many writable tables a report names (it counts them all). */
    public static final int LISTED_TABLES = 10;

    private static final String ROLE = "SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, "
            + "r.rolbypassrls, current_database(), has_database_privilege(current_database(), 'CREATE'), "
            + "ARRAY(SELECT b.rolname::text FROM pg_roles b WHERE b.rolname = ANY (?) "
            // USAGE: the privileges are inherited; MEMBER: SET ROLE to it is allowed (PostgreSQL 16+ tells them apart).
            + "AND (pg_has_role(current_user, b.oid, 'USAGE') OR pg_has_role(current_user, b.oid, 'MEMBER')) "
            + "ORDER BY b.rolname) "
            + "FROM pg_roles r WHERE r.rolname = current_user";

    private static final String USER_SCHEMA = "n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'";

    private static final String WRITABLE = "SELECT schema_name, table_name, ins, upd, del, trunc FROM ("
            + "SELECT n.nspname AS schema_name, c.relname AS table_name, "
            + "has_table_privilege(c.oid, 'INSERT') OR has_any_column_privilege(c.oid, 'INSERT') AS ins, "
            + "has_table_privilege(c.oid, 'UPDATE') OR has_any_column_privilege(c.oid, 'UPDATE') AS upd, "
            + "has_table_privilege(c.oid, 'DELETE') AS del, has_table_privilege(c.oid, 'TRUNCATE') AS trunc "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind IN ('r', 'p', 'v', 'f') AND " + USER_SCHEMA + ") t "
            + "WHERE ins OR upd OR del OR trunc ORDER BY 1, 2";

    private static final String SCHEMAS = "SELECT n.nspname, has_schema_privilege(n.oid, 'CREATE') "
            + "FROM pg_namespace n WHERE " + USER_SCHEMA + " ORDER BY 1";

    private RoleInspector() {
    }

    /**
     * @param c a connection as the role to inspect (any transaction state; nothing is written)
     * @return the report
     * @throws SQLException when a catalog query fails (for example, the connection is lost)
     */
    public static RoleReport inspect(Connection c) throws SQLException {
        String role;
        boolean superuser;
        List<String> attributes = new ArrayList<>();
        String database;
        boolean databaseCreate;
        List<String> fileRoles = new ArrayList<>();
        List<String> riskyRoles = new ArrayList<>();
        List<String> monitoringRoles = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ROLE)) {
            List<String> wanted = new ArrayList<>(FILE_ACCESS_ROLES);
            wanted.addAll(RISKY_ROLES);
            wanted.addAll(MONITORING_ROLES);
            Array names = c.createArrayOf("text", wanted.toArray());
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("current_user is not in pg_roles");
                }
                role = rs.getString(1);
                superuser = rs.getBoolean(2);
                String[] flags = {"CREATEROLE", "CREATEDB", "REPLICATION", "BYPASSRLS"};
                for (int i = 0; i < flags.length; i++) {
                    if (rs.getBoolean(3 + i)) {
                        attributes.add(flags[i]);
                    }
                }
                database = rs.getString(7);
                databaseCreate = rs.getBoolean(8);
                for (String member : (String[]) rs.getArray(9).getArray()) {
                    (FILE_ACCESS_ROLES.contains(member) ? fileRoles
                            : MONITORING_ROLES.contains(member) ? monitoringRoles : riskyRoles).add(member);
                }
            }
        }
        int writableCount = 0;
        List<String> writable = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(WRITABLE); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                writableCount++;
                if (writable.size() < LISTED_TABLES) {
                    List<String> privileges = new ArrayList<>();
                    String[] names = {"INSERT", "UPDATE", "DELETE", "TRUNCATE"};
                    for (int i = 0; i < names.length; i++) {
                        if (rs.getBoolean(3 + i)) {
                            privileges.add(names[i]);
                        }
                    }
                    writable.add(rs.getString(1) + "." + rs.getString(2) + " (" + String.join(", ", privileges) + ")");
                }
            }
        }
        List<String> schemas = new ArrayList<>();
        List<String> creatable = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SCHEMAS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
                if (rs.getBoolean(2)) {
                    creatable.add(rs.getString(1));
                }
            }
        }
        return new RoleReport(role, database, superuser, fileRoles, attributes, riskyRoles, writableCount, writable,
                creatable, databaseCreate, schemas, monitoringRoles);
    }

    /**
     * Inspects the role a connection has switched to ({@code SET ROLE}: {@code current_user}) as a role
     * callers are mapped to, and how the login role ({@code session_user}) relates to it.
     *
     * @param c a connection whose transaction runs as the mapped role
     * @return the report ({@link RoleReport#mapped()})
     * @throws SQLException when a catalog query fails
     */
    public static MappedRoleReport inspectMapped(Connection c) throws SQLException {
        RoleReport report = inspect(c).asMapped();
        String login;
        boolean inherited;
        try (PreparedStatement ps = c.prepareStatement("SELECT session_user, "
                + "session_user <> current_user AND pg_has_role(session_user, current_user, 'USAGE')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            login = rs.getString(1);
            inherited = rs.getBoolean(2);
        }
        List<String> changers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SETTING_CHANGERS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                changers.add(changers.size() < LISTED_TABLES ? rs.getString(1) : "...");
                if (changers.size() > LISTED_TABLES) {
                    break;
                }
            }
        }
        return new MappedRoleReport(report.role(), login, report, null, inherited, changers);
    }

    /**
     * Views the current role may read, and functions and procedures it may run, outside the system schemas and
     * extensions, whose definition calls {@code set_config} (by its text: PostgreSQL records no dependency on a
     * built-in function).
     */
    private static final String SETTING_CHANGERS = "SELECT name FROM ("
            + "SELECT n.nspname || '.' || c.relname || ' (view)' AS name "
            + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind = 'v' AND " + USER_SCHEMA + " AND has_table_privilege(c.oid, 'SELECT') "
            + "AND pg_catalog.pg_get_viewdef(c.oid) ILIKE '%set\\_config%' "
            + "UNION SELECT DISTINCT n.nspname || '.' || p.proname || ' (function)' "
            + "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
            + "JOIN pg_catalog.pg_language l ON l.oid = p.prolang "
            + "WHERE " + USER_SCHEMA + " AND p.prokind IN ('f', 'p') AND l.lanname NOT IN ('c', 'internal') "
            + "AND has_function_privilege(p.oid, 'EXECUTE') "
            + "AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
            + "AND e.objid = p.oid AND e.deptype = 'e') "
            + "AND pg_catalog.pg_get_functiondef(p.oid) ILIKE '%set\\_config%'"
            + ") s ORDER BY 1";
}
