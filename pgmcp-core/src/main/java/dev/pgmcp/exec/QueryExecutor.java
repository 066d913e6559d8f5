package dev.pgmcp.exec;

import dev.pgmcp.sql.PlaceholderRewriter;
import dev.pgmcp.sql.SqlRejectedException;
import dev.pgmcp.sql.SqlValidator;
import dev.pgmcp.sql.ValidatedStatement;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs statements against one database, as defence in depth that holds even without the validator:
 * every statement runs in a READ ONLY transaction that is always rolled back, with
 * {@code statement_timeout}, {@code lock_timeout} and {@code idle_in_transaction_session_timeout}
 * set for that transaction only ({@code SET LOCAL}, so nothing leaks to the connection's next
 * borrower), values bound as JDBC parameters, and the result cut at the row and byte caps with a
 * {@code truncated} flag. Rows are streamed from the driver with a fetch size, not loaded twice.
 *
 * <p>Thread-safe; one instance per database.
 */
public final class QueryExecutor {

    private static final int FETCH_SIZE = 500;

    private final DataSource dataSource;
    private final SqlValidator validator;
    private final ExecutionLimits limits;
    private final String setLocal;

    /**
     * @param dataSource a pool whose connections have auto-commit off (see {@code PoolManager})
     * @param validator  the validator for caller-supplied SQL
     * @param limits     caps and timeouts
     */
    public QueryExecutor(DataSource dataSource, SqlValidator validator, ExecutionLimits limits) {
        this.dataSource = dataSource;
        this.validator = validator;
        this.limits = limits;
        // One round trip for all settings; the values are numbers from the sealed configuration.
        this.setLocal = "SET LOCAL statement_timeout = " + limits.statementTimeout().toMillis()
                + "; SET LOCAL lock_timeout = " + limits.lockTimeout().toMillis()
                + "; SET LOCAL idle_in_transaction_session_timeout = " + limits.idleInTransactionTimeout().toMillis()
                + "; SET LOCAL IntervalStyle = 'iso_8601'"
                // A query takes the transaction's first snapshot; from then on PostgreSQL refuses
                // SET TRANSACTION READ WRITE (25001), which it honours as the first statement of
                // a READ ONLY transaction.
                + "; SELECT 1";
    }

    /** @return the caps and timeouts this executor applies */
    public ExecutionLimits limits() {
        return limits;
    }

    /**
     * Validates SQL that came from a caller (a model, a user) and runs it.
     *
     * @param sql     one read-only statement; {@code $1..$n} placeholders bind {@code params}
     * @param params  positional values for {@code $1..$n} (strings, numbers, booleans, null)
     * @param maxRows row cap for this call, at most the configured cap (larger values are lowered)
     * @return the result
     * @throws SqlRejectedException when the validator refuses the statement (nothing is sent)
     * @throws QueryException       when PostgreSQL fails the statement or cannot be reached
     */
    public QueryResult query(String sql, List<?> params, int maxRows) {
        ValidatedStatement statement = validator.validate(sql);
        if (statement.parameterCount() != params.size()) {
            throw new SqlRejectedException(SqlRejectedException.Reason.PARSE_ERROR, "the query uses "
                    + statement.parameterCount() + " parameter(s) ($1..$n) but " + params.size() + " were given");
        }
        return queryTrusted(statement.sql(), params, maxRows);
    }

    /**
     * Runs SQL that a tool wrote itself (no validation), with every caller value bound as a
     * parameter. Still READ ONLY, rolled back, timed out and capped.
     *
     * @param sql     the statement, with {@code $1..$n} placeholders
     * @param params  the values for the placeholders
     * @param maxRows row cap for this call, at most the configured cap
     * @throws QueryException when PostgreSQL fails the statement or cannot be reached
     */
    public QueryResult queryTrusted(String sql, List<?> params, int maxRows) {
        PlaceholderRewriter.Rewritten jdbc = PlaceholderRewriter.rewrite(sql);
        int cap = Math.max(1, Math.min(maxRows, limits.maxRows()));
        return inReadOnlyTransaction(c -> {
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(jdbc.jdbcSql())) {
                int[] order = jdbc.parameterOrder();
                for (int i = 0; i < order.length; i++) {
                    int n = order[i];
                    if (n < 1 || n > params.size()) {
                        throw new QueryException("08P01", "no value given for parameter $" + n, null, null, false);
                    }
                    ps.setObject(i + 1, params.get(n - 1));
                }
                ps.setFetchSize(FETCH_SIZE);
                ps.setMaxRows(cap + 1); // one more than the cap tells us whether we cut
                try (ResultSet rs = ps.executeQuery()) {
                    return read(rs, cap, start);
                }
            }
        });
    }

    private QueryResult read(ResultSet rs, int cap, long start) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<Column> columns = new ArrayList<>(n);
        ValueReader[] readers = new ValueReader[n];
        long bytes = 2;
        for (int i = 0; i < n; i++) {
            String type = typeName(md.getColumnTypeName(i + 1));
            columns.add(new Column(md.getColumnLabel(i + 1), type.startsWith("_") ? type.substring(1) + "[]" : type));
            readers[i] = ValueReaders.forType(type);
            bytes += md.getColumnLabel(i + 1).length() + type.length() + 24L;
        }
        List<List<Object>> rows = new ArrayList<>();
        String truncation = null;
        while (rs.next()) {
            if (rows.size() == cap) {
                truncation = "rows";
                break;
            }
            Object[] row = new Object[n];
            long rowBytes = 2;
            for (int i = 0; i < n; i++) {
                row[i] = readers[i].read(rs, i + 1);
                rowBytes += ValueReaders.estimateSize(row[i]) + 1;
            }
            if (bytes + rowBytes > limits.maxBytes()) {
                truncation = "bytes";
                break;
            }
            bytes += rowBytes;
            rows.add(java.util.Arrays.asList(row));
        }
        return new QueryResult(columns, rows, truncation != null, truncation, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * pgJDBC reports an integer column whose default is a sequence as {@code serial}/{@code bigserial}
     * (a column property, not a type): name the real type, so that the reader maps it as a number.
     */
    private static String typeName(String reported) {
        return switch (reported) {
            case "serial" -> "int4";
            case "bigserial" -> "int8";
            case "smallserial" -> "int2";
            default -> reported;
        };
    }

    /**
     * Runs work on a pooled connection inside a READ ONLY transaction with pgmcp's timeouts, and
     * rolls the transaction back afterwards whatever happened.
     *
     * @throws QueryException when PostgreSQL fails or cannot be reached
     */
    public <T> T inReadOnlyTransaction(ConnectionWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            try {
                if (c.getAutoCommit()) {
                    c.setAutoCommit(false);
                }
                c.setReadOnly(true);
                try (Statement s = c.createStatement()) {
                    s.execute(setLocal);
                }
                return work.run(c);
            } finally {
                rollbackQuietly(c);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // A broken connection: HikariCP evicts it; the caller already has the primary error.
        }
    }

    /** Turns a JDBC failure into what a client may see: SQLSTATE and PostgreSQL's message only. */
    static QueryException translate(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            return new QueryException(m.getSQLState(), m.getMessage(), m.getDetail(), m.getHint(),
                    isConnectionState(m.getSQLState()));
        }
        String state = e.getSQLState();
        boolean connection = isConnectionState(state) || e instanceof SQLTransientConnectionException;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
        return new QueryException(state, message, null, null, connection);
    }

    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
