package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryException;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Borrows a pooled connection and opens pgmcp's READ ONLY transaction on it (auto-commit off,
 * read-only, the transaction-local timeouts), and turns the pool's failures into messages a client
 * can act on.
 *
 * <p>A pooled connection can be dead without the pool knowing yet: PostgreSQL restarted, or an
 * administrator ran {@code pg_terminate_backend}. Such events rarely kill one connection alone, so
 * when opening the transaction fails with a connection-class error (SQLSTATE class 08, or
 * 57P01..57P03), that connection is evicted, every other connection of the pool is soft-evicted
 * (HikariCP closes the idle ones now and the busy ones when they are returned), and the opening is
 * tried again on a connection opened afresh; at most {@value #MAX_ATTEMPTS} attempts in all. Nothing
 * has run yet at that point (and everything pgmcp runs is read-only), so a retry cannot repeat any
 * effect. The last failure is reported.
 *
 * <p>Waiting for a connection is bounded by the pool's connection timeout
 * ({@code PGMCP_CONNECT_TIMEOUT_MS}); it is never retried, so a call fails within that time when
 * every connection is busy or the database is down.
 */
final class TransactionOpener {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionOpener.class);

    /**
     * Attempts to open a transaction when connections turn out broken: the first on a pooled
     * connection, the second on a fresh one after the pool was emptied, one more in case a connection
     * returned by another call in between was broken too.
     */
    static final int MAX_ATTEMPTS = 3;

    /**
     * How long after a connection was returned it is lent without a round trip of its own, in
     * milliseconds, when the pool is not HikariCP: it worked that recently. HikariCP trusts a connection
     * for as long without validating it ({@code aliveBypassWindowMs}) and validates one idle for longer
     * before lending it, so from a HikariCP pool every connection that worked before is lent unchecked. A
     * connection that dies meanwhile shows it by failing the caller's statement at once; the caller may
     * run that statement again on a checked connection ({@link Lent#unchecked()}), as pgmcp's executor
     * does. Why not shorter: under load a connection also waits in the pool while the threads that would
     * take it wait for a core (on 2 cores with 16 calls in flight, a 5 ms window left about one call in
     * eight with a round trip more).
     */
    static final long RECENT_MS = 500;

    private final DataSource dataSource;
    /** {@link #RECENT_MS} in nanoseconds. */
    private final long recentNanos;
    /** pgmcp's own settings, the same in every transaction. */
    private final Local own;
    /** The statement with one and two more pairs: a call's role and application_name. */
    private final String[] withCallSettings;
    /** The statement with one and two pairs only: a call's role and application_name on a session holding {@link #own}. */
    private final String[] callSettingsOnly;
    /** {@code SELECT current_setting(?), ...} for the names of {@link #own}: what a session holds before a transaction sets anything. */
    private final String currentSettingsSql;
    /** What is known of each physical connection; weak: the pool closes connections. Guarded by itself. */
    private final Map<BaseConnection, Known> known = new WeakHashMap<>();
    /** Whether a session without pgmcp's settings was reported (once: it is a property of the connection path). */
    private final AtomicBoolean reportedSettingsDropped = new AtomicBoolean();

    /** What pgmcp knows of one physical connection. Guarded by {@link #known}. */
    private static final class Known {
        /** When it was last returned to the pool, by {@link System#nanoTime()}; 0: never. */
        long returnedAt;
        /** Whether its session holds {@link #own} (from the start-up options), or {@code null} until checked. */
        Boolean holdsOwnSettings;
    }

    /**
     * @param dataSource the pool (HikariCP gives better messages; any DataSource works)
     * @param setLocal   setting names and values, alternating, set for each transaction only
     *                   ({@code set_config(name, value, true)}, all in one statement)
     */
    TransactionOpener(DataSource dataSource, List<String> setLocal) {
        // HikariCP checks a connection idle for longer than its aliveBypassWindowMs itself before it lends
        // it (pgJDBC's isValid: a round trip, and a dead connection is replaced): a check of pgmcp's own
        // would be a second round trip on every call that finds the pool idle.
        this(dataSource, setLocal, validatesIdleConnections(dataSource) ? Long.MAX_VALUE : RECENT_MS);
    }

    /**
     * @param recentMs how long after its return a connection is lent without a check, in milliseconds
     *                 ({@value #RECENT_MS}, or unbounded for a HikariCP pool, which checks idle connections
     *                 itself; other values in tests, which cannot count on being quick)
     */
    TransactionOpener(DataSource dataSource, List<String> setLocal, long recentMs) {
        this.dataSource = dataSource;
        this.recentNanos = TimeUnit.MILLISECONDS.toNanos(recentMs);
        int pairs = setLocal.size() / 2;
        // The same few texts on every call: pgJDBC prepares each once per connection on the server.
        this.own = new Local(setLocalSql(pairs), List.copyOf(setLocal.subList(0, pairs * 2)));
        this.withCallSettings = new String[]{setLocalSql(pairs + 1), setLocalSql(pairs + 2)};
        this.callSettingsOnly = new String[]{setLocalSql(1), setLocalSql(2)};
        StringBuilder current = new StringBuilder("SELECT ");
        for (int i = 0; i < pairs; i++) {
            current.append(i == 0 ? "" : ", ").append("current_setting(?)");
        }
        this.currentSettingsSql = current.toString();
    }

    /**
     * @return whether the pool checks a connection that was idle a while before it lends it: HikariCP
     *         does after {@code aliveBypassWindowMs} (500 ms). A router over several pools is not trusted to.
     */
    private static boolean validatesIdleConnections(DataSource dataSource) {
        return dataSource instanceof HikariDataSource;
    }

    private static String setLocalSql(int pairs) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < pairs; i++) {
            sql.append(i == 0 ? "" : ", ").append("set_config(?, ?, true)");
        }
        return sql.toString();
    }

    /**
     * The settings of one transaction, sent as one statement ({@code SELECT set_config(?, ?, true), ...})
     * with every name and value bound.
     *
     * @param sql    the statement
     * @param values the names and values it binds, alternating
     */
    record Local(String sql, List<String> values) {
        /** No settings: nothing to send. */
        static final Local NONE = new Local("", List.of());
    }

    /** @return the settings of {@code local} that go beyond pgmcp's own (a call's role and application_name), or {@link Local#NONE} */
    private Local beyondOwn(Local local) {
        int extra = (local.values().size() - own.values().size()) / 2;
        return extra == 0 ? Local.NONE
                : new Local(callSettingsOnly[extra - 1], local.values().subList(own.values().size(), local.values().size()));
    }

    /**
     * @param role            the role the transaction runs as ({@code set_config('role', role, true)}, i.e.
     *                        {@code SET LOCAL ROLE}), or {@code null} for the login role
     * @param applicationName the transaction's {@code application_name}, or {@code null} to keep the connection's
     * @return pgmcp's own settings followed by these two, in one statement; the rollback that ends every
     *         transaction undoes them all
     */
    Local local(String role, String applicationName) {
        if (role == null && applicationName == null) {
            return own;
        }
        List<String> values = new ArrayList<>(own.values());
        if (role != null) {
            values.add("role");
            values.add(role);
        }
        if (applicationName != null) {
            values.add("application_name");
            values.add(applicationName);
        }
        return new Local(withCallSettings[role != null && applicationName != null ? 1 : 0], values);
    }

    /**
     * @return a connection inside a fresh READ ONLY transaction; the caller rolls back and closes it
     * @throws QueryException when no connection is available within the timeout (pool exhausted, or
     *                        the database cannot be reached), or when the session would read string
     *                        literals otherwise than pgmcp's validator (SQLSTATE 55000)
     * @throws SQLException   when opening the transaction fails {@value #MAX_ATTEMPTS} times, or fails
     *                        otherwise than by a broken connection
     */
    Connection open() throws SQLException {
        return open(own);
    }

    /** As {@link #open()}, with the transaction's settings {@code local} (a call's role, say). */
    Connection open(Local local) throws SQLException {
        return lend(local, false).connection();
    }

    /**
     * A connection lent by {@link #lend(Local)}.
     *
     * @param connection the connection, in a READ ONLY transaction the caller's first statement opens
     * @param unchecked  whether it was lent without a round trip of its own (see {@link #lend(Local)}): a
     *                   failure of the connection on the caller's first round trip may then be one that a
     *                   check would have caught
     * @param toSend     the settings the caller sends first in its transaction: {@link Local#NONE} when the
     *                   check's round trip set them, only a call's own (role, application_name) when the
     *                   session holds pgmcp's settings from its start-up options, else all of them
     */
    record Lent(Connection connection, boolean unchecked, Local toSend) {
    }

    /**
     * As {@link #open(Local)}, except that a connection returned to the pool less than
     * {@value #RECENT_MS} ms ago (it worked then; from a HikariCP pool, any connection returned before,
     * since HikariCP checks idle ones itself) is handed out without a round trip, ready for a
     * transaction that the caller's first statement opens, and whose settings ({@link Lent#toSend()})
     * the caller sends first in that statement's batch: auto-commit off and read-only, so pgJDBC would
     * send {@code BEGIN READ ONLY} in that same round trip (pgmcp's executor sends its own instead, see
     * {@code QueryExecutor}'s one-round-trip batch). Any other connection (on its first transaction, or
     * idle for longer in a pool that does not check it, so it may have died meanwhile: a restart,
     * {@code pg_terminate_backend}) gets the settings' own round trip first, which finds out and replaces
     * a dead one, so the caller sees no error.
     *
     * @param local the transaction's settings
     */
    Lent lend(Local local) throws SQLException {
        return lend(local, true);
    }

    private Lent lend(Local local, boolean settingsByCaller) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            Connection c = take();
            try {
                Known k = known(c);
                Boolean holdsOwn;
                boolean recent;
                synchronized (known) {
                    holdsOwn = k == null ? null : k.holdsOwnSettings;
                    recent = k != null && k.returnedAt != 0
                            && System.nanoTime() - k.returnedAt < recentNanos;
                }
                if (settingsByCaller && recent && readsStandardStrings(c)) {
                    if (c.getAutoCommit()) {
                        c.setAutoCommit(false);
                    }
                    c.setReadOnly(true);
                    return new Lent(c, true, Boolean.TRUE.equals(holdsOwn) ? beyondOwn(local) : local);
                }
                begin(c, local, holdsOwn == null ? k : null);
                return new Lent(c, false, Local.NONE);
            } catch (SQLException e) {
                discard(c);
                if (attempt >= MAX_ATTEMPTS || !QueryExecutor.isConnectionFailure(e)) {
                    throw e;
                }
                if (attempt == 1) {
                    // What broke this connection (a restart, a failover, pg_terminate_backend on every
                    // backend of the role) most likely broke the other pooled ones too: trying them one
                    // by one would fail the call; a new connection works whenever the database is up.
                    evictTheOthers();
                }
                LOG.info("a pooled connection was broken ({} {}); retrying on a new connection (attempt {} of {})",
                        e.getSQLState(), firstLine(e.getMessage()), attempt + 1, MAX_ATTEMPTS);
            } catch (RuntimeException e) {
                discard(c);
                throw e;
            }
        }
    }

    /** Records that a connection worked until now, as it goes back to the pool. */
    void returning(Connection c) {
        Known k = known(c);
        if (k != null) {
            synchronized (known) {
                k.returnedAt = System.nanoTime();
            }
        }
    }

    /** @return what is known of the physical connection behind {@code c}, or {@code null} when it is not pgJDBC's */
    private Known known(Connection c) {
        BaseConnection physical = physical(c);
        if (physical == null) {
            return null;
        }
        synchronized (known) {
            return known.computeIfAbsent(physical, p -> new Known());
        }
    }

    private static BaseConnection physical(Connection c) {
        try {
            return c.isWrapperFor(BaseConnection.class) ? c.unwrap(BaseConnection.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** Makes the pool replace all its connections: idle ones at once, busy ones when they are returned. */
    private void evictTheOthers() {
        if (dataSource instanceof HikariDataSource h) {
            HikariPoolMXBean pool = h.getHikariPoolMXBean();
            if (pool != null) {
                pool.softEvictConnections();
            }
        }
    }

    /**
     * Opens the transaction with all of {@code local}'s settings, a round trip that also finds a dead
     * connection. On a connection's first transaction the same round trip reads what its session held
     * before ({@code current_setting}), which tells whether the start-up options arrived: then later
     * transactions on it need not set pgmcp's own settings again. Nothing a caller runs can change a
     * session's settings for later: every transaction pgmcp opens is rolled back, and a rollback undoes
     * a session-level {@code SET} or {@code set_config} made inside it too.
     *
     * @param unchecked what is known of the connection when whether its session holds pgmcp's settings is
     *                  still to be found out, else {@code null} (known, or not pgJDBC's: never trusted to hold them)
     */
    private void begin(Connection c, Local local, Known unchecked) throws SQLException {
        if (c.getAutoCommit()) {
            c.setAutoCommit(false);
        }
        c.setReadOnly(true);
        boolean check = unchecked != null;
        int ownPairs = own.values().size() / 2;
        try (PreparedStatement s = c.prepareStatement(check ? currentSettingsSql + ";\n" + local.sql() : local.sql())) {
            int p = 1;
            if (check) {
                for (int i = 0; i < ownPairs; i++) {
                    s.setString(p++, own.values().get(2 * i));
                }
            }
            for (String value : local.values()) {
                s.setString(p++, value);
            }
            if (!check) {
                s.executeQuery().close();
            } else {
                s.execute();
                String[] before = firstRow(s.getResultSet(), ownPairs);
                if (!s.getMoreResults()) {
                    throw new SQLException("the settings statement returned no row", "XX000");
                }
                // set_config returns each value as current_setting shows it: equal texts, equal settings.
                boolean holds = java.util.Arrays.equals(before, firstRow(s.getResultSet(), ownPairs));
                synchronized (known) {
                    unchecked.holdsOwnSettings = holds;
                }
                if (!holds && reportedSettingsDropped.compareAndSet(false, true)) {
                    LOG.info("a database session did not start with pgmcp's settings (its start-up options were dropped "
                            + "or overridden on the way, as a connection pooler may do); they are set in every "
                            + "transaction on such connections");
                }
            }
        }
        requireStandardStrings(c);
    }

    private static String[] firstRow(java.sql.ResultSet rs, int columns) throws SQLException {
        try (rs) {
            if (!rs.next()) {
                throw new SQLException("the settings statement returned no row", "XX000");
            }
            String[] row = new String[columns];
            for (int i = 0; i < columns; i++) {
                row[i] = rs.getString(i + 1);
            }
            return row;
        }
    }

    /**
     * Refuses a session that would read a backslash in {@code '...'} as an escape: there, what the
     * validator took for the inside of a string literal could run as SQL. pgJDBC tracks the setting from
     * PostgreSQL's reports (no round trip); it is on after {@link #begin} on any server that honours
     * {@code set_config}.
     */
    private static void requireStandardStrings(Connection c) throws SQLException {
        if (!readsStandardStrings(c)) {
            throw new QueryException("55000", "the database session reads backslashes in string literals as "
                    + "escapes (standard_conforming_strings is off) and pgmcp could not turn that off; it runs no "
                    + "query on such a session", null, "check what sits between pgmcp and PostgreSQL (a connection "
                    + "pooler that drops or overrides session settings)", false);
        }
    }

    /** @return whether pgJDBC knows the session reads string literals the standard way (no round trip) */
    private static boolean readsStandardStrings(Connection c) throws SQLException {
        return c.isWrapperFor(BaseConnection.class) && c.unwrap(BaseConnection.class).getStandardConformingStrings();
    }

    private Connection take() throws SQLException {
        long start = System.nanoTime();
        try {
            return dataSource.getConnection();
        } catch (SQLTransientConnectionException e) {
            throw timedOut(e, (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            // A task still running while the engine stops (a start-up check, say) finds the pool closed:
            // say so, rather than HikariCP's text, which names its classes.
            if (dataSource instanceof HikariDataSource h && h.isClosed()) {
                throw new QueryException(null, "pgmcp is shutting down: no new query starts", null, null, true);
            }
            throw e;
        }
    }

    /**
     * HikariCP reports both an exhausted pool and an unreachable database as a timeout; the cause
     * tells them apart (it holds the last failure to connect, and is null when connecting works).
     */
    private QueryException timedOut(SQLTransientConnectionException e, long waitedMillis) {
        Throwable cause = e.getCause();
        if (cause != null) {
            String state = cause instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "08001";
            return new QueryException(state, "could not connect within " + waitedMillis + " ms: "
                    + firstLine(String.valueOf(cause.getMessage())), null, null, true);
        }
        String size = dataSource instanceof HikariDataSource h ? String.valueOf(h.getMaximumPoolSize()) : "the";
        return new QueryException(null, "all " + size + " connections are busy with other queries (waited "
                + waitedMillis + " ms for one; PGMCP_POOL_MAX_SIZE sets how many there are)", null, null, true);
    }

    /** Closes a broken connection so that the pool replaces it rather than lending it again. */
    void discard(Connection c) {
        try {
            if (dataSource instanceof HikariDataSource h) {
                h.evictConnection(c);
            } else {
                c.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // Already broken; the caller reports the primary failure.
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
