package dev.pgmcp.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh database holding the canary objects of {@code corpus/canary-schema.sql}, all owned by a
 * NON-superuser role that also owns the {@code public} schema: that role could change or drop
 * every canary if the safety layers let a statement through. {@link #snapshot()} captures
 * everything a hostile statement could change, so a test compares it before and after.
 */
public final class CanaryDatabase implements AutoCloseable {

    private final String adminUrl;
    private final String name;
    private final TestRoles.Role owner;

    private CanaryDatabase(String adminUrl, String name, TestRoles.Role owner) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.owner = owner;
    }

    /**
     * Creates the database, the owner role and the canaries.
     *
     * @param prefix lower-case identifier naming the test
     */
    public static CanaryDatabase create(String prefix) {
        String url = TestPostgres.freshDatabase(prefix);
        TestRoles.Role owner = TestRoles.create(TestPostgres.adminUrl(), prefix + "_owner", "");
        TestPostgres.run(url, "ALTER SCHEMA public OWNER TO " + owner.name()
                + "; CREATE SCHEMA canary_vault AUTHORIZATION " + owner.name());
        try (Connection c = owner.connect(url); Statement s = c.createStatement()) {
            s.execute(SqlCorpus.resource("corpus/canary-schema.sql"));
        } catch (SQLException e) {
            throw new IllegalStateException("canary setup failed: " + e.getMessage(), e);
        }
        String dbName = url.substring(url.indexOf('/', "jdbc:postgresql://".length()) + 1).replaceAll("\\?.*", "");
        return new CanaryDatabase(url, dbName, owner);
    }

    /** @return a superuser JDBC URL of this database */
    public String adminUrl() {
        return adminUrl;
    }

    /** @return the database name */
    public String name() {
        return name;
    }

    /** @return the role that owns every canary and the public schema */
    public TestRoles.Role owner() {
        return owner;
    }

    /**
     * Everything a hostile statement could change, as name → value: each canary table's row count
     * and checksum, every sequence's state, the relations (with owner, ACL and columns) and
     * functions of non-system schemas including temporary ones, large objects, per-role and
     * per-database settings, the owner's role attributes and object comments. Read as the superuser.
     */
    public Map<String, String> snapshot() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("canary", one("SELECT count(*) || ' ' || md5(string_agg(id || ':' || payload, ',' ORDER BY id)) FROM canary"));
        s.put("canary_log", one("SELECT count(*) || ' ' || coalesce(md5(string_agg(id || ':' || note, ',' ORDER BY id)), '-') FROM canary_log"));
        s.put("canary_big", one("SELECT count(*) || ' ' || sum(n) FROM canary_big"));
        s.put("sequences", one("SELECT string_agg(schemaname || '.' || sequencename || '=' || coalesce(last_value::text, 'null'), ',' ORDER BY 1) FROM pg_sequences"));
        s.put("canary_seq", one("SELECT last_value || ' ' || is_called FROM canary_seq"));
        s.put("relations", one("""
                SELECT md5(string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text || ':' || c.relowner::regrole
                                      || ':' || coalesce(c.relacl::text, '') || ':' || c.relpersistence::text,
                                      ',' ORDER BY n.nspname, c.relname))
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"""));
        s.put("columns", one("""
                SELECT string_agg(attrelid::regclass || '.' || attname || ':' || atttypid::regtype, ',' ORDER BY attrelid, attnum)
                FROM pg_attribute
                WHERE attrelid IN ('canary'::regclass, 'canary_log'::regclass, 'canary_big'::regclass)
                  AND attnum > 0 AND NOT attisdropped"""));
        s.put("functions", one("""
                SELECT md5(string_agg(p.oid::regprocedure || ':' || p.provolatile::text || ':' || md5(p.prosrc), ',' ORDER BY 1))
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"""));
        s.put("schemas", one("SELECT string_agg(nspname || ':' || nspowner::regrole, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'"));
        s.put("large objects", one("SELECT count(*) FROM pg_largeobject_metadata"));
        s.put("role and database settings", one("SELECT count(*) || ' ' || coalesce(md5(string_agg(setdatabase || ':' || setrole || ':' || array_to_string(setconfig, ';'), ',' ORDER BY 1)), '-') FROM pg_db_role_setting"));
        s.put("owner role", one("SELECT rolsuper || ' ' || rolcreaterole || ' ' || rolcreatedb || ' ' || rolcanlogin || ' ' || rolbypassrls || ' ' || coalesce(array_to_string(rolconfig, ';'), '') FROM pg_roles WHERE rolname = '" + owner.name() + "'"));
        s.put("role memberships", one("SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = '" + owner.name() + "'"));
        s.put("comments", one("SELECT count(*) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid WHERE c.relname LIKE 'canary%'"));
        s.put("database", one("SELECT datallowconn || ' ' || datconnlimit || ' ' || datdba::regrole FROM pg_database WHERE datname = current_database()"));
        return s;
    }

    /** @return the first column of the first row of a query run as the superuser in this database */
    public String one(String sql) {
        List<List<String>> rows = rows(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    /** @return all rows of a query run as the superuser in this database, values as text */
    public List<List<String>> rows(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<String>> out = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("canary query failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** Drops the database (forcing out remaining sessions) and the owner role; errors are ignored. */
    @Override
    public void close() {
        try {
            TestPostgres.run(TestPostgres.adminUrl(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (IllegalStateException ignored) {
            // Leave it: the embedded server is discarded at JVM exit.
        }
        TestRoles.dropQuietly(TestPostgres.adminUrl(), owner);
    }
}
