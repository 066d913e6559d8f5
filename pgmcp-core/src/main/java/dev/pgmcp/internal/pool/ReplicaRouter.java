package dev.pgmcp.internal.pool;

import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A database's connections for reads: a streaming standby's (read replica's) while one is known to be at
 * most {@code maxLagMillis} behind the primary, else the primary's. Everything pgmcp runs is a READ ONLY
 * transaction that is rolled back, so any server of the database may run it, and a standby refuses writes
 * by itself.
 *
 * <p>Each standby is measured every {@value #CHECK_INTERVAL_MS} ms by a background thread, on a
 * connection of its own pool, so that routing a call costs no round trip: {@code pg_is_in_recovery()},
 * and the replay lag, {@code now() - pg_last_xact_replay_timestamp()}, or 0 when the standby has replayed
 * all the WAL it has received (an idle primary writes no transactions, so the replay timestamp ages
 * although nothing is behind). A standby is used only
 * <ul>
 *   <li>once its role has passed the start-up role check ({@link Admission}) on its own connection;</li>
 *   <li>while it is in recovery (a promoted or misconfigured server is left alone: it may have diverged);</li>
 *   <li>while its last measurement is at most {@value #MEASUREMENT_VALID_MS} ms old and showed a lag
 *       within the bound.</li>
 * </ul>
 * A standby that cannot be reached (by the check, or when a call asks it for a connection) is taken out
 * until a check reaches it again, and the call goes to the primary. A call whose statement failed on a
 * standby by a connection problem, or was cancelled by a conflict with recovery, is run again on the
 * primary ({@link #retryOnPrimary}); nothing it did can have had an effect.
 *
 * <p>The route of the last connection handed out on each thread ({@link #stamp}) tells a result where it ran
 * and how stale it may be. Thread-safe.
 */
public final class ReplicaRouter implements DataSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRouter.class);

    /** How often each standby's state and lag are measured, in milliseconds. */
    static final long CHECK_INTERVAL_MS = 1000;

    /** A measurement older than this, in milliseconds, no longer admits a standby (its checks are failing or stuck). */
    static final long MEASUREMENT_VALID_MS = 5000;

    /** serialization_failure: PostgreSQL cancelled a statement on a standby that conflicted with WAL replay. */
    private static final String RECOVERY_CONFLICT_STATE = "40001";

    /**
     * One round trip: whether the server is a standby, and its replay lag in milliseconds: 0 when it has
     * replayed all it received and is streaming from its primary now (a WAL receiver runs:
     * {@code pg_stat_wal_receiver} has a row, whose {@code pid} every role may read); otherwise the age
     * of the last transaction it replayed, so that a standby cut off from its primary (which has received
     * nothing new, and so has replayed all it received) ages out of serving instead of looking current;
     * null when it has replayed no transaction yet and is behind.
     */
    static final String LAG_SQL = "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() IS NOT NULL"
            + " AND pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn()"
            + " AND EXISTS (SELECT 1 FROM pg_catalog.pg_stat_wal_receiver) THEN 0"
            + " ELSE floor(extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::int8 END";

    /**
     * What the checks last found about one standby (for {@code --check}).
     *
     * @param label     the standby's URL without credentials
     * @param refusal   why its role is refused (it never serves), or {@code null}
     * @param reachable whether the last check reached it
     * @param standby   whether it was in recovery (a standby) at the last check
     * @param lagMillis its replay lag at the last check, in milliseconds; -1 when unknown
     * @param serving   whether it serves reads now
     */
    public record StandbyState(String label, String refusal, boolean reachable, boolean standby, long lagMillis,
                               boolean serving) {
    }

    /** The start-up role check, run once on a standby's own connection before it serves any call. */
    @FunctionalInterface
    public interface Admission {
        /**
         * @param c a connection to the standby, auto-commit off, read-only
         * @return why the standby's role is refused (one line for the log), or {@code null} when it may serve
         * @throws SQLException when the check cannot run (it is tried again on the next measurement)
         */
        String refusal(Connection c) throws SQLException;
    }

    /**
     * Where a connection was taken from.
     *
     * @param standby            the standby's index in configuration order, or -1 for the primary
     * @param maxStalenessMillis how far behind the primary its rows may be, in milliseconds (0 for the primary)
     */
    record Route(int standby, long maxStalenessMillis) {
        static final Route PRIMARY = new Route(-1, 0);
    }

    /** One standby and what its checks last found. */
    private static final class Standby {
        final DataSource pool;
        final String label;
        volatile boolean admitted;
        volatile boolean refused;
        /** Why its role is refused, once it is. */
        volatile String refusal;
        volatile boolean reachable;
        volatile boolean inRecovery;
        /** Replay lag at the last measurement, in milliseconds; -1 when unknown. */
        volatile long lagMillis = -1;
        /** {@link System#nanoTime()} of the last measurement. */
        volatile long measuredAt;
        /** What was last logged about it, so that a state is logged once, not every second. */
        volatile String logged = "";

        Standby(DataSource pool, String label) {
            this.pool = pool;
            this.label = label;
        }
    }

    private final String alias;
    private final DataSource primary;
    private final List<Standby> standbys = new ArrayList<>();
    private final long maxLagMillis;
    private final Admission admission;
    private final ThreadLocal<Route> lastRoute = new ThreadLocal<>();
    /** Set while this thread runs work that must see the primary ({@link #onPrimary}). */
    private final ThreadLocal<Boolean> primaryOnly = new ThreadLocal<>();
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService checks;
    private volatile boolean closed;

    /**
     * Starts measuring the standbys in the background (the first measurement right away).
     *
     * @param alias        the database's alias, for logs
     * @param primary      the primary's pool
     * @param standbys     the standbys' pools, in configuration order (not empty)
     * @param labels       a name of each standby for logs (its URL without credentials), same order
     * @param maxLagMillis the most replay lag, in milliseconds, at which a standby serves reads
     * @param admission    the role check each standby passes before it serves
     * @throws IllegalArgumentException when there are no standbys or the labels do not match them
     */
    public ReplicaRouter(String alias, DataSource primary, List<DataSource> standbys, List<String> labels,
                         long maxLagMillis, Admission admission) {
        if (standbys.isEmpty() || labels.size() != standbys.size()) {
            throw new IllegalArgumentException("one label per standby, and at least one standby");
        }
        this.alias = alias;
        this.primary = primary;
        for (int i = 0; i < standbys.size(); i++) {
            this.standbys.add(new Standby(standbys.get(i), labels.get(i)));
        }
        this.maxLagMillis = maxLagMillis;
        this.admission = admission;
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pgmcp-" + alias + "-standby-checks");
            t.setDaemon(true);
            return t;
        });
        checks.scheduleWithFixedDelay(this::checkNow, 0, CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Measures every standby now, on the calling thread (the background thread does this every
     * {@value #CHECK_INTERVAL_MS} ms; the start-up role check calls it so that a refused standby is
     * reported before the first call). Never throws: what fails is logged and takes the standby out.
     */
    public void checkNow() {
        for (Standby s : standbys) {
            if (closed) {
                return;
            }
            synchronized (s) {
                check(s);
            }
        }
    }

    private void check(Standby s) {
        if (s.refused) {
            return;
        }
        try (Connection c = s.pool.getConnection()) {
            try {
                if (!s.admitted) {
                    String refusal = admission.refusal(c);
                    if (refusal != null) {
                        s.refusal = refusal;
                        s.refused = true;
                        LOG.error("database '{}': standby {} is not used: {}", alias, s.label, refusal);
                        return;
                    }
                    s.admitted = true;
                }
                boolean recovering;
                long lag;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(LAG_SQL)) {
                    rs.next();
                    recovering = rs.getBoolean(1);
                    long value = rs.getLong(2);
                    lag = rs.wasNull() ? -1 : Math.max(0, value);
                }
                s.inRecovery = recovering;
                s.lagMillis = lag;
                s.measuredAt = System.nanoTime();
                s.reachable = true;
                if (!recovering) {
                    log(s, "not-standby", "is not in recovery (not a standby, or promoted); reads stay off it");
                } else if (lag < 0 || lag > maxLagMillis) {
                    log(s, "behind", "lags " + (lag < 0 ? "by an unknown time" : lag + " ms")
                            + ", more than PGMCP_REPLICA_MAX_LAG_MS (" + maxLagMillis + "); reads go to the primary");
                } else {
                    log(s, "serving", "serves reads (replay lag " + lag + " ms)");
                }
            } finally {
                rollbackQuietly(c);
            }
        } catch (SQLException | RuntimeException e) {
            takeOut(s, e.getMessage());
        }
    }

    private void log(Standby s, String state, String message) {
        if (!state.equals(s.logged)) {
            s.logged = state;
            if (state.equals("serving")) {
                LOG.info("database '{}': standby {} {}", alias, s.label, message);
            } else {
                LOG.warn("database '{}': standby {} {}", alias, s.label, message);
            }
        }
    }

    private void takeOut(Standby s, String why) {
        s.reachable = false;
        log(s, "down", "cannot be reached (" + firstLine(why) + "); reads go to the primary until it is back");
    }

    /**
     * @return a connection of a standby that may serve reads now (see the class description), else of the
     *         primary; a standby whose pool fails to give one is taken out and the primary's is returned
     * @throws SQLException as the primary's pool throws it
     */
    @Override
    public Connection getConnection() throws SQLException {
        int count = primaryOnly.get() == null ? standbys.size() : 0;
        int start = count <= 1 ? 0 : Math.floorMod(next.getAndIncrement(), count);
        long now = System.nanoTime();
        for (int k = 0; k < count; k++) {
            int i = (start + k) % count;
            Standby s = standbys.get(i);
            if (!serves(s, now)) {
                continue;
            }
            try {
                Connection c = s.pool.getConnection();
                lastRoute.set(new Route(i, s.lagMillis + TimeUnit.NANOSECONDS.toMillis(now - s.measuredAt)));
                return c;
            } catch (SQLException e) {
                takeOut(s, e.getMessage());
            }
        }
        lastRoute.set(Route.PRIMARY);
        return primary.getConnection();
    }

    /** @return whether the standby may serve reads now, by its last measurement (see the class description) */
    private boolean serves(Standby s, long now) {
        long lag = s.lagMillis;
        return s.admitted && s.reachable && s.inRecovery && lag >= 0 && lag <= maxLagMillis
                && TimeUnit.NANOSECONDS.toMillis(now - s.measuredAt) <= MEASUREMENT_VALID_MS;
    }

    /**
     * Measures every standby now ({@link #checkNow}) and reports what was found.
     *
     * @return one state per standby, in configuration order
     */
    public List<StandbyState> states() {
        checkNow();
        long now = System.nanoTime();
        List<StandbyState> out = new ArrayList<>();
        for (Standby s : standbys) {
            out.add(new StandbyState(s.label, s.refusal, s.reachable, s.inRecovery, s.lagMillis, serves(s, now)));
        }
        return List.copyOf(out);
    }

    /**
     * Decides whether a call that failed should run again on the primary: when the connection it failed on
     * (the last one this thread took) was a standby's and the failure was a connection problem (the standby
     * is then taken out) or a cancellation by a conflict with WAL replay.
     *
     * @param e the failure
     * @return whether to run the call again (its next connection is then the primary's, or another standby's)
     */
    public boolean retryOnPrimary(QueryException e) {
        Route route = lastRoute.get();
        if (route == null || route.standby() < 0) {
            return false;
        }
        Standby s = standbys.get(route.standby());
        if (e.connectionProblem()) {
            takeOut(s, e.getMessage());
        } else if (!RECOVERY_CONFLICT_STATE.equals(e.sqlState())) {
            return false;
        }
        LOG.info("database '{}': a read failed on standby {} ({}); running it on the primary", alias, s.label,
                firstLine(e.getMessage()));
        lastRoute.set(Route.PRIMARY);
        return true;
    }

    /**
     * @param result a result read on a connection this thread took from this router last
     * @return the result, marked as served by a standby with its staleness bound when it was
     */
    public QueryResult stamp(QueryResult result) {
        Route route = lastRoute.get();
        if (route == null || route.standby() < 0) {
            return result.servedBy() == QueryResult.ServedBy.PRIMARY ? result
                    : result.servedBy(QueryResult.ServedBy.PRIMARY, 0);
        }
        return result.servedBy(QueryResult.ServedBy.STANDBY, route.maxStalenessMillis());
    }

    /**
     * Runs work whose connections, on this thread, all come from the primary (a report on the primary's
     * role, say).
     *
     * @param work what to run
     * @return what the work returns
     */
    public <T> T onPrimary(java.util.function.Supplier<T> work) {
        Boolean before = primaryOnly.get();
        primaryOnly.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (before == null) {
                primaryOnly.remove();
            }
        }
    }

    /** @return the primary's pool (for checks that must run there) */
    public DataSource primary() {
        return primary;
    }

    /** Stops the background checks; the pools are closed by their {@link PoolManager}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        checks.shutdownNow();
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the pool discards a broken connection
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** @throws SQLFeatureNotSupportedException always: connections take the pools' own credentials */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the replica router hands out its pools' connections only");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return primary.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        primary.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        primary.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return primary.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return primary.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return primary.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || primary.isWrapperFor(iface);
    }
}
