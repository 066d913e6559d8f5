package dev.pgmcp.corpus;

import dev.pgmcp.internal.sql.PlaceholderRewriter;
import dev.pgmcp.testing.TestRoles;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What PostgreSQL itself answers to a statement, read over plain JDBC with nothing of pgmcp in
 * between, to hold pgmcp's {@code execute_query} result against.
 *
 * <p>The session is set up as pgmcp sets up its own (a READ ONLY transaction, rolled back, with
 * {@code IntervalStyle = iso_8601} and the same {@code search_path}), so that PostgreSQL's text
 * output is the one pgmcp read. Values come in the text format ({@code prepareThreshold=0},
 * {@code binaryTransfer=false}), so {@link ResultSet#getString} is PostgreSQL's own output function
 * and not pgJDBC's rendering of a binary value.
 *
 * @param columns the columns as PostgreSQL describes them
 * @param rows    every row, each cell as {@link Cell}
 */
record PostgresAnswer(List<Col> columns, List<List<Cell>> rows) {

    /**
     * A result column.
     *
     * @param name its label
     * @param type the type name pgJDBC reports ({@code int4}, {@code _text} for an array of text)
     */
    record Col(String name, String type) {
    }

    /**
     * One value as PostgreSQL gave it.
     *
     * @param type     its type name ({@code _}-prefixed for arrays)
     * @param text     PostgreSQL's text output, {@code null} for SQL NULL
     * @param decoded  a decoded form where text is not how the value is compared: an
     *                 {@link OffsetDateTime} ({@code timestamptz}), {@link LocalDateTime}
     *                 ({@code timestamp}), {@link LocalDate} ({@code date}), {@code byte[]}
     *                 ({@code bytea}), or a {@code List<Cell>} of elements (arrays, whose
     *                 multi-dimensional elements are arrays in turn); {@code null} otherwise
     */
    record Cell(String type, String text, Object decoded) {

        boolean isNull() {
            return text == null;
        }
    }

    /**
     * Runs {@code sql} as the given role and reads the whole result.
     *
     * @param url    a JDBC URL of the database (credentials in it are replaced by the role's)
     * @param role   the role pgmcp connects as
     * @param sql    the statement exactly as it was given to {@code execute_query}
     * @param params the values of {@code $1..$n}, bound as pgmcp binds them (through
     *               {@link PlaceholderRewriter}, each reused {@code $n} bound again)
     */
    static PostgresAnswer of(String url, TestRoles.Role role, String sql, List<?> params) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", role.name());
        props.setProperty("password", role.password());
        props.setProperty("prepareThreshold", "0");
        props.setProperty("binaryTransfer", "false");
        PlaceholderRewriter.Rewritten jdbc = PlaceholderRewriter.rewrite(sql);
        try (Connection c = DriverManager.getConnection(TestRoles.withoutCredentials(url), props)) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL IntervalStyle = iso_8601; SET LOCAL search_path = \"$user\", public");
            }
            try (PreparedStatement ps = c.prepareStatement(jdbc.jdbcSql())) {
                int[] order = jdbc.parameterOrder();
                for (int i = 0; i < order.length; i++) {
                    ps.setObject(i + 1, params.get(order[i] - 1));
                }
                // execute, not executeQuery: "SELECT 1;;" runs as a statement and two empty ones.
                boolean rows = ps.execute();
                while (!rows && ps.getUpdateCount() != -1) {
                    rows = ps.getMoreResults();
                }
                if (!rows) {
                    throw new SQLException("the statement returned no result set: " + sql);
                }
                try (ResultSet rs = ps.getResultSet()) {
                    return read(rs);
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static PostgresAnswer read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<Col> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(new Col(md.getColumnLabel(i), md.getColumnTypeName(i)));
        }
        List<List<Cell>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Cell> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(cell(rs, i, columns.get(i - 1).type()));
            }
            rows.add(row);
        }
        return new PostgresAnswer(columns, rows);
    }

    /** One value of {@code rs}; also used for the rows of an array's own result set (its elements). */
    static Cell cell(ResultSet rs, int i, String type) throws SQLException {
        String text = rs.getString(i);
        if (text == null) {
            return new Cell(type, null, null);
        }
        Object decoded = switch (type) {
            case "timestamptz" -> infinite(text) ? null : rs.getObject(i, OffsetDateTime.class);
            case "timestamp" -> infinite(text) ? null : rs.getObject(i, LocalDateTime.class);
            case "date" -> infinite(text) ? null : rs.getObject(i, LocalDate.class);
            case "bytea" -> rs.getBytes(i);
            default -> type.startsWith("_") ? elements(rs.getArray(i)) : null;
        };
        return new Cell(type, text, decoded);
    }

    private static boolean infinite(String text) {
        return text.equals("infinity") || text.equals("-infinity");
    }

    /**
     * The elements of an array, each with PostgreSQL's text: pgJDBC's array result set holds the
     * element texts as the server sent them (index in column 1, value in column 2), and gives a
     * sub-array for each element of a multi-dimensional array.
     */
    private static List<Cell> elements(Array array) throws SQLException {
        List<Cell> out = new ArrayList<>();
        try (ResultSet rs = array.getResultSet()) {
            String type = rs.getMetaData().getColumnTypeName(2);
            while (rs.next()) {
                out.add(cell(rs, 2, type));
            }
        } finally {
            array.free();
        }
        return out;
    }
}
