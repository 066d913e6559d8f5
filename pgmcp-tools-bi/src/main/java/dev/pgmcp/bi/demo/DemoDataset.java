package dev.pgmcp.bi.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The customer-success demo dataset: about forty European enterprise customers ({@value #CUSTOMERS_TABLE})
 * and a few hundred of their support tickets ({@value #TICKETS_TABLE}), plus the view
 * {@value #OPEN_TICKETS_VIEW}, with a comment on every table and column.
 *
 * <p>The launcher's {@code --demo} mode, the business-intelligence tools and their tests all load it
 * from here. The SQL lives in the class-path resources {@code dev/pgmcp/bi/demo/schema.sql} and
 * {@code dev/pgmcp/bi/demo/data.sql}. The content is deterministic (the same customers and the same
 * tickets on every load); only the timestamps move, being relative to the time of loading, so that
 * "days open" stays realistic whenever the demo runs.
 *
 * <p>Company names are real, for a realistic demo; every e-mail address uses a fictional
 * {@code *-demo.eu} domain.
 */
public final class DemoDataset {

    /** Name of the customers table. */
    public static final String CUSTOMERS_TABLE = "customers";

    /** Name of the support tickets table. */
    public static final String TICKETS_TABLE = "support_tickets";

    /** Name of the view of unresolved (Open or In Progress) tickets with their customer. */
    public static final String OPEN_TICKETS_VIEW = "open_tickets_overview";

    /** Class-path location of the DDL script. */
    static final String SCHEMA_RESOURCE = "dev/pgmcp/bi/demo/schema.sql";

    /** Class-path location of the data script. */
    static final String DATA_RESOURCE = "dev/pgmcp/bi/demo/data.sql";

    private DemoDataset() {
    }

    /**
     * Creates the demo tables, view and data in the connection's current schema (normally
     * {@code public}), running {@code schema.sql} then {@code data.sql} in one transaction: committed
     * at the end, rolled back on any failure, so the database is left either complete or untouched.
     *
     * <p>The connection needs the right to create tables in its current schema. Whatever transaction
     * was open on it is committed along with the dataset; its auto-commit mode is restored afterwards.
     *
     * @param connection an open connection to a PostgreSQL database without the demo tables
     * @throws SQLException when the demo tables or view already exist in the current schema (SQL state
     *                      {@code 42P07}), when a resource is missing, or when a statement fails
     */
    public static void load(Connection connection) throws SQLException {
        String schema = readResource(SCHEMA_RESOURCE);
        String data = readResource(DATA_RESOURCE);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            refuseIfPresent(connection);
            try (Statement s = connection.createStatement()) {
                s.execute(schema);
                s.execute(data);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Opens a connection to {@code jdbcUrl} and {@link #load(Connection) loads} the dataset through it.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL, including credentials, of a database without the
     *                demo tables
     * @throws SQLException when the connection cannot be opened or loading fails
     */
    public static void load(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            load(c);
        }
    }

    private static void refuseIfPresent(Connection connection) throws SQLException {
        List<String> present = new ArrayList<>();
        String schema;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT current_schema(), ARRAY(SELECT c.relname::text FROM pg_class c"
                        + " WHERE c.relnamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema())"
                        + " AND c.relname = ANY (?) ORDER BY c.relname)")) {
            Array names = connection.createArrayOf("text",
                    new String[] {CUSTOMERS_TABLE, TICKETS_TABLE, OPEN_TICKETS_VIEW});
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                schema = rs.getString(1);
                for (Object name : (Object[]) rs.getArray(2).getArray()) {
                    present.add((String) name);
                }
            }
        }
        if (schema == null) {
            throw new SQLException("cannot load the demo dataset: no current schema (check search_path)", "3F000");
        }
        if (!present.isEmpty()) {
            throw new SQLException("cannot load the demo dataset: " + String.join(", ", present)
                    + " already exist(s) in schema " + schema
                    + "; load it into an empty database or schema, or drop those relations first", "42P07");
        }
    }

    private static String readResource(String name) throws SQLException {
        ClassLoader loader = DemoDataset.class.getClassLoader();
        if (loader == null) {
            loader = ClassLoader.getSystemClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new SQLException("demo dataset resource not found on the class path: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("could not read demo dataset resource " + name + ": " + e.getMessage(), e);
        }
    }
}
