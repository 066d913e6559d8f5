package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.Column;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Truncation;

import dev.pgmcp.config.SearchPath;
import dev.pgmcp.internal.pool.SessionSettings;
import dev.pgmcp.internal.pool.ReplicaRouter;
import dev.pgmcp.internal.sql.PlaceholderRewriter;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.internal.sql.StatementKind;
import dev.pgmcp.internal.sql.StatementPolicy;
import dev.pgmcp.internal.sql.TokenReferences;
import dev.pgmcp.internal.sql.ValidatedStatement;
import dev.pgmcp.spi.SqlRejectedException;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PGobject;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Runs statements against one database, as defence in depth that holds even without the validator:
 * every statement runs in a READ ONLY transaction that is always rolled back, with
 * {@code statement_timeout}, {@code lock_timeout}, {@code idle_in_transaction_session_timeout}, a
 * pinned {@code search_path} (so a role's or database's {@code ALTER ... SET search_path} cannot
 * steer unqualified names), {@code standard_conforming_strings=on} and {@code backslash_quote=safe_encoding}
 * (so PostgreSQL reads string literals as the validator did, whatever a role's or database's default)
 * and ISO-8601 {@code IntervalStyle} ({@link SessionSettings}): held by the session itself where the
 * pool's start-up options set them (checked once per connection, on its first transaction), else set
 * for each transaction ({@code set_config(…, true)}, i.e. {@code SET LOCAL}, in one statement). Every
 * transaction is rolled back, which undoes any setting made inside it, session-level ones included, so
 * nothing a statement does leaks to the connection's next borrower. Values are bound as JDBC
 * parameters, and the result cut at the row, byte
 * and cell caps, each reported ({@link QueryResult#truncation()}). A query that stands as a subquery
 * runs in one round trip with its transaction, capped by a {@code LIMIT} around it (see
 * {@code inOneRoundTrip}); other statements, and capped results over the read buffer, are streamed
 * from the driver with a fetch size. Rows are not loaded twice. Before any of that, the rows pgJDBC holds for a call at once
 * (one fetch) are bounded by the pool's read buffer (pgJDBC's {@code maxResultBuffer}, checked before
 * a row is allocated): a call whose first fetch exceeds it fails with SQLSTATE 54000 instead of
 * filling the heap; when a later fetch does, the rows read before are returned, marked cut.
 *
 * <p>Inside a tool call ({@link CallScope}), each statement is registered with the call's
 * {@link Cancellation}, so that a client's cancel stops it on the server, and when the call runs as a
 * mapped role (per-person roles, {@link CallScope.Current#role()}) its transactions add
 * {@code set_config('role', role, true)} and an {@code application_name} naming the person to that
 * one statement of settings (sent on every transaction); the rollback undoes them with the rest.
 *
 * <p>Thread-safe; one instance per database.
 */
public final class QueryExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(QueryExecutor.class);
    private static final int FETCH_SIZE = 500;
    /** How many distinct tool statement texts {@link #toolStatements} keeps. */
    private static final int MAX_TOOL_STATEMENTS = 256;
    private static final String READ_BUFFER_HINT =
            "select a part of large values, e.g. left(col, 10000) or substring(col from 1 for 10000), or fewer rows";
    private static final String END_TRANSACTION = "ROLLBACK; SELECT pg_advisory_unlock_all()";
    /** What opens a batch's transaction where the batch itself opens it (auto-commit on). */
    private static final String BEGIN_TRANSACTION = "BEGIN READ ONLY;\n";
    /**
     * How soon after it was sent a statement on a connection lent without a check
     * ({@link TransactionOpener.Lent#unchecked()}) may fail by a broken connection and still be run once
     * more, in milliseconds: long enough for a backend terminated just before to be scheduled and
     * answer with its exit, far too short for a statement an administrator terminated on purpose.
     */
    static final long UNCHECKED_RETRY_WINDOW_MS = 50;
    /** The SQLSTATE of a result over the read buffer (program_limit_exceeded). */
    private static final String READ_BUFFER_STATE = "54000";
    /** indeterminate_datatype: PostgreSQL could not infer a parameter's type from where it stands. */
    private static final String UNDETERMINED_TYPE_STATE = "42P18";
    /** syntax_error: PostgreSQL's parser refused the text; nothing ran. */
    private static final String SYNTAX_ERROR_STATE = "42601";

    private final DataSource dataSource;
    private final SqlValidator validator;
    private final StatementPolicy policy;
    private final ExecutionLimits limits;
    private final TransactionOpener transactions;
    private final QueryListeners listeners;
    private final CostBudget budget;
    /** Tools' statements as read for the relation policy, by text (only while the policy restricts reads). */
    private final java.util.Map<String, ValidatedStatement> toolStatements = new java.util.concurrent.ConcurrentHashMap<>();
    /** Tools' statements as pgJDBC takes them, by text: a tool's text is the same on every call. */
    private final java.util.Map<String, PlaceholderRewriter.Rewritten> toolJdbc = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param dataSource a pool whose connections have auto-commit off (see {@code PoolManager})
     * @param validator  the validator for caller-supplied SQL
     * @param limits     caps and timeouts
     */
    public QueryExecutor(DataSource dataSource, SqlValidator validator, ExecutionLimits limits) {
        this(dataSource, validator, StatementPolicy.ALLOW_ALL, limits, QueryListeners.NONE);
    }

    /**
     * @param dataSource a pool whose connections have auto-commit off (see {@code PoolManager})
     * @param validator  the validator for caller-supplied SQL
     * @param policy     checked after the validator, before caller SQL is sent (function and relation policy)
     * @param limits     caps and timeouts
     */
    public QueryExecutor(DataSource dataSource, SqlValidator validator, StatementPolicy policy, ExecutionLimits limits) {
        this(dataSource, validator, policy, limits, QueryListeners.NONE);
    }

    /**
     * @param dataSource a pool whose connections have auto-commit off (see {@code PoolManager})
     * @param validator  the validator for caller-supplied SQL
     * @param limits     caps and timeouts
     * @param listeners  told about every statement {@link #query} and {@link #queryTrusted} run or reject
     */
    public QueryExecutor(DataSource dataSource, SqlValidator validator, ExecutionLimits limits,
                         QueryListeners listeners) {
        this(dataSource, validator, StatementPolicy.ALLOW_ALL, limits, listeners);
    }

    private final ServerPaths serverPaths = new ServerPaths();
    /** What each mapped role may read of the server's paths differs: one net per role (bounded by the configuration). */
    private final java.util.Map<String, ServerPaths> serverPathsByRole = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param dataSource a pool whose connections have auto-commit off (see {@code PoolManager})
     * @param validator  the validator for caller-supplied SQL
     * @param policy     checked after the validator, before caller SQL is sent (function and relation policy)
     * @param limits     caps and timeouts
     * @param listeners  told about every statement {@link #query} and {@link #queryTrusted} run or reject
     */
    public QueryExecutor(DataSource dataSource, SqlValidator validator, StatementPolicy policy, ExecutionLimits limits,
                         QueryListeners listeners) {
        this.listeners = listeners;
        this.dataSource = dataSource;
        this.validator = validator;
        this.policy = policy;
        this.limits = limits;
        this.budget = new CostBudget(limits.maxQueryCost());
        // pgmcp's settings: held by the session where the pool's start-up options arrived (checked once
        // per connection), else set in every transaction (see TransactionOpener).
        List<String> setLocal = SessionSettings.of(limits.statementTimeout(), limits.lockTimeout(),
                limits.idleInTransactionTimeout(), SearchPath.settingValue(limits.searchPath()));
        this.transactions = new TransactionOpener(dataSource, setLocal);
    }

    /**
     * @return whether the relation policy limits which relations may be read (schema or table lists
     *         are configured), so that a tool reporting on every relation must not run
     */
    public boolean restrictsReads() {
        return policy.restrictsReads();
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
     * @throws SqlRejectedException when the validator or the policy refuses the statement (nothing is sent)
     * @throws QueryException       when PostgreSQL fails the statement or cannot be reached
     */
    public QueryResult query(String sql, List<?> params, int maxRows) {
        ValidatedStatement statement = validated(sql, params.size());
        try {
            return execute(statement.sql(), statement.jdbc(), params, maxRows, planCheck(statement));
        } catch (QueryException e) {
            if (!SYNTAX_ERROR_STATE.equals(e.sqlState()) || statement.references().treeComplete()) {
                throw e;
            }
            throw syntaxError(sql, statement, e);
        }
    }

    /**
     * Checks SQL that came from a caller as {@link #query} does (validator, then policy, then the number
     * of parameters), without running it, and tells the query listeners (the audit log) about a
     * refusal as {@link #query} would.
     *
     * @param sql            the caller's statement
     * @param parameterCount how many values the caller gave for {@code $1..$n}
     * @return the accepted statement
     * @throws SqlRejectedException when the validator or the policy refuses it, or the parameter count differs
     */
    public ValidatedStatement validated(String sql, int parameterCount) {
        return listeners.validation(sql, parameterCount, () -> {
            ValidatedStatement v = validator.validate(sql);
            policy.check(v);
            if (v.parameterCount() != parameterCount) {
                throw new SqlRejectedException(SqlRejectedException.Reason.PARSE_ERROR, "the query uses "
                        + v.parameterCount() + " parameter(s) ($1..$n) but " + parameterCount + " were given");
            }
            return v;
        });
    }

    /**
     * Runs {@code EXPLAIN (ANALYZE, …, FORMAT JSON)} of a caller's statement: the statement is
     * <em>executed</em>, in the same READ ONLY, rolled-back transaction, under the same timeouts, as
     * {@link #query} would run it, and PostgreSQL's plan comes back with actual rows and timings.
     *
     * <p>Where the ANALYZE comes from matters: the caller's text must be exactly what {@link #query}
     * accepts (one read-only query, validated and checked by the policy) and must not itself be an
     * EXPLAIN; only then does pgmcp write the EXPLAIN prefix, from fixed words, in front of the
     * validated text. The validator keeps refusing {@code EXPLAIN ANALYZE} written by a caller, so a
     * caller cannot ask for ANALYZE of anything the validator did not accept as a query on its own
     * (a {@code DELETE}, a data-modifying CTE, {@code SELECT … FOR UPDATE}).
     *
     * @param sql     one read-only statement without EXPLAIN, as {@link #query} takes it
     * @param params  the values of {@code $1..$n}
     * @param buffers whether to ask for buffer figures ({@code BUFFERS ON}; off otherwise)
     * @return one row, one {@code json} column: PostgreSQL's array of one plan object, with
     *         {@code Planning Time} and {@code Execution Time} in milliseconds
     * @throws SqlRejectedException as {@link #query}; also when the text already starts with EXPLAIN
     * @throws QueryException       when PostgreSQL fails the statement (e.g. the statement timeout, SQLSTATE 57014)
     */
    public QueryResult explainAnalyze(String sql, List<?> params, boolean buffers) {
        ValidatedStatement statement = validated(sql, params.size());
        if (statement.kind() == StatementKind.EXPLAIN) {
            throw new SqlRejectedException(SqlRejectedException.Reason.EXPLAIN_ANALYZE,
                    "give the statement without EXPLAIN; pgmcp writes EXPLAIN (ANALYZE) itself");
        }
        // The validated text may end in a -- comment: it goes on a line of its own.
        String explain = "EXPLAIN (ANALYZE, BUFFERS " + (buffers ? "ON" : "OFF") + ", FORMAT JSON)\n"
                + statement.sql() + "\n";
        return execute(explain, PlaceholderRewriter.rewrite(explain), params, 1, planCheck(statement));
    }

    /**
     * @return the statement to estimate against the cost budget before it runs, or {@code null} when
     *         there is none, the statement is an EXPLAIN (which runs nothing) or its shape was judged cheap
     */
    private PlanCheck planCheck(ValidatedStatement statement) {
        return statement.kind() != StatementKind.EXPLAIN && budget.needsCheck(statement.shape())
                ? new PlanCheck(statement.jdbc(), statement.shape()) : null;
    }

    /** Turns JIT off until the end of the transaction, or a {@code RESET jit}. */
    private static final String JIT_OFF = "SELECT pg_catalog.set_config('jit', 'off', true);\n";

    /** A caller's statement whose plan is judged against the cost budget before it runs. */
    private record PlanCheck(PlaceholderRewriter.Rewritten jdbc, String shape) {
    }

    /** @return how many plans the cost budget asked for (tests) */
    long plansAsked() {
        return budget.plansAsked();
    }

    /**
     * Asks PostgreSQL for the plan of a caller's statement, without running it, and lets the budget
     * judge it; {@code prefix} goes first in the same round trip ({@code offset} parameters of it).
     *
     * @throws SqlRejectedException when the estimate exceeds the budget
     */
    private void judgePlan(Connection c, PlanCheck check, String prefix, List<String> prefixValues, List<?> params,
                           boolean untypedStrings) throws SQLException {
        // Not VERBOSE: its output lists would carry every constant the planner folded, however large.
        // JIT off for the EXPLAIN alone: it changes no estimate, and a plan above jit_above_cost would
        // otherwise load the LLVM provider into the backend (about 70 ms, once per connection) just to
        // be refused. RESET gives the next statement the session's own value back (pgmcp sets none).
        String explain = prefix + JIT_OFF + "EXPLAIN (FORMAT JSON)\n" + check.jdbc().jdbcSql() + "\n;\nRESET jit";
        String plan;
        try (PreparedStatement ps = c.prepareStatement(explain)) {
            for (int i = 0; i < prefixValues.size(); i++) {
                ps.setString(i + 1, prefixValues.get(i));
            }
            bind(ps, prefixValues.size(), check.jdbc(), params, untypedStrings);
            ps.execute();
            // The settings' row (with a prefix) and JIT_OFF's come first.
            for (int skip = prefix.isEmpty() ? 1 : 2; skip > 0; skip--) {
                if (!ps.getMoreResults()) {
                    throw new SQLException("EXPLAIN returned no plan", "XX000");
                }
            }
            try (ResultSet rs = ps.getResultSet()) {
                plan = rs.next() ? rs.getString(1) : "";
            }
        }
        budget.judge(plan, check.shape(), tables -> tableSizes(c, tables));
    }

    /**
     * The tables and indexes a plan reads, by name, from {@code pg_class} and {@code pg_index}: for
     * every schema's relation of that name, the largest size; left out where the plan's validity would
     * depend on literal values or the size is unknown (see {@link CostBudget.TableSizes}).
     */
    private static java.util.Map<String, CostBudget.Relation> tableSizes(Connection c, Set<String> names)
            throws SQLException {
        java.util.Map<String, CostBudget.Relation> sizes = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT c.relname, max(c.reltuples), max(c.relpages),
                       coalesce(bool_and(i.indisunique AND i.indnkeyatts = 1), false)
                  FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
                 WHERE c.relname = ANY (?)
                 GROUP BY c.relname
                HAVING bool_and(c.relkind = 'i' OR c.reltuples >= 0)
                   AND NOT bool_or(c.relispartition OR c.relhassubclass OR i.indpred IS NOT NULL
                       OR EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = c.oid))
                """)) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sizes.put(rs.getString(1), new CostBudget.Relation(rs.getDouble(2), rs.getDouble(3), rs.getBoolean(4)));
                }
            }
        }
        return sizes;
    }

    /**
     * The syntax error PostgreSQL found in a statement the validator accepted on its tokens (JSqlParser
     * could not parse it either), placed in the caller's text. The statement as run was wrapped and its
     * placeholders renumbered, so PostgreSQL's position points elsewhere: the caller's text goes to
     * PostgreSQL's parser once more, under EXPLAIN (without ANALYZE, so nothing runs even if it parsed).
     * The prefix has its own option list, so a text that starts with a parenthesis cannot be read as
     * EXPLAIN's options ({@code (ANALYZE) SELECT …}).
     *
     * @param sql    the caller's text
     * @param failed the failure of the run (SQLSTATE 42601), returned when the position cannot be found
     * @return PARSE_ERROR with line and column, or {@code failed}
     */
    private RuntimeException syntaxError(String sql, ValidatedStatement statement, QueryException failed) {
        String prefix = statement.kind() == StatementKind.EXPLAIN ? "" : "EXPLAIN (COSTS OFF) ";
        int[] position = {0};
        String[] message = {null};
        try {
            inReadOnlyTransaction(c -> {
                try (Statement probe = c.createStatement()) {
                    probe.setEscapeProcessing(false);
                    probe.execute(prefix + statement.sql());
                } catch (PSQLException e) {
                    ServerErrorMessage m = e.getServerErrorMessage();
                    if (m != null && SYNTAX_ERROR_STATE.equals(m.getSQLState())) {
                        position[0] = m.getPosition();
                        message[0] = m.getMessage();
                    }
                }
                return null;
            });
        } catch (QueryException probeFailed) {
            return failed;
        }
        // PostgreSQL counts characters (code points) from 1; the statement is the caller's text less
        // its leading white space.
        int inStatement = position[0] - 1 - prefix.length();
        if (message[0] == null || inStatement < 0 || inStatement > statement.sql().codePointCount(0, statement.sql().length())) {
            return failed;
        }
        int lead = 0;
        while (lead < sql.length() && Character.isWhitespace(sql.charAt(lead))) {
            lead++;
        }
        return SqlValidator.syntaxError(sql, lead + statement.sql().offsetByCodePoints(0, inStatement), message[0]);
    }

    /**
     * Runs SQL that a tool wrote itself, with every caller value bound as a parameter. Still READ
     * ONLY, rolled back, timed out and capped. It is not held to the caller rules (statement kinds,
     * function allowlist), but when schema or table lists are configured it passes the same relation
     * check as caller SQL ({@link StatementPolicy#checkReads}), so no tool can read or list what the
     * lists deny.
     *
     * @param sql     the statement, with {@code $1..$n} placeholders
     * @param params  the values for the placeholders
     * @param maxRows row cap for this call, at most the configured cap
     * @throws SqlRejectedException when the statement reads a relation the lists deny, or, while lists are
     *                              configured, cannot be parsed to find out which relations it reads
     * @throws QueryException       when PostgreSQL fails the statement or cannot be reached
     */
    public QueryResult queryTrusted(String sql, List<?> params, int maxRows) {
        if (policy.restrictsReads()) {
            listeners.validation(sql, params.size(), () -> {
                if (toolStatements.size() >= MAX_TOOL_STATEMENTS) {
                    toolStatements.clear(); // tools write a handful of texts; this bounds a tool that writes many
                }
                ValidatedStatement v = toolStatements.computeIfAbsent(sql, QueryExecutor.this::readToolStatement);
                policy.checkToolReads(v);
                return v;
            });
        }
        if (toolJdbc.size() >= MAX_TOOL_STATEMENTS) {
            toolJdbc.clear();
        }
        return execute(sql, toolJdbc.computeIfAbsent(sql, PlaceholderRewriter::rewrite), params, maxRows, null);
    }

    /**
     * A tool's statement as the validator reads it, or, when the validator refuses it (JSqlParser cannot
     * parse all of PostgreSQL, and the caller rules do not bind a tool), as token candidates.
     */
    private ValidatedStatement readToolStatement(String sql) {
        try {
            return validator.validate(sql);
        } catch (SqlRejectedException notParsed) {
            return TokenReferences.of(sql);
        }
    }

    /** @param check the caller's statement to judge against the cost budget first, or {@code null} */
    private QueryResult execute(String sql, PlaceholderRewriter.Rewritten jdbc, List<?> params, int maxRows,
                                PlanCheck check) {
        int cap = Math.max(1, Math.min(maxRows, limits.maxRows()));
        return listeners.statement(sql, params.size(), () -> routed(() -> {
            try {
                return execute(jdbc, params, cap, true, check);
            } catch (QueryException e) {
                if (!UNDETERMINED_TYPE_STATE.equals(e.sqlState())
                        || params.stream().noneMatch(p -> p == null || p instanceof String)) {
                    throw e;
                }
                // A string or null stands where PostgreSQL cannot infer a type from ($1 IS NULL): there a
                // quoted literal or NULL is text, so they go again as text. The failed try ran nothing.
                return execute(jdbc, params, cap, false, check);
            }
        }));
    }

    /**
     * @return whether reads may go to a standby ({@link ReplicaRouter}), so that where a result was read
     *         is worth saying
     */
    public boolean routesToStandbys() {
        return dataSource instanceof ReplicaRouter;
    }

    /**
     * With standbys ({@link ReplicaRouter}): runs a statement, again on the primary when it failed on a
     * standby that went away, and marks the result with where it ran. Without, just runs it.
     */
    private QueryResult routed(java.util.function.Supplier<QueryResult> run) {
        if (!(dataSource instanceof ReplicaRouter router)) {
            return run.get();
        }
        try {
            return router.stamp(run.get());
        } catch (QueryException e) {
            if (!router.retryOnPrimary(e)) {
                throw e;
            }
            return router.stamp(run.get());
        }
    }

    /**
     * @param untypedStrings whether string values go without a type, for PostgreSQL to infer from where
     *                       they stand, as it does for a quoted literal ({@code created_at >= $1} reads
     *                       {@code $1} as a timestamp); otherwise as {@code text}
     */
    private QueryResult execute(PlaceholderRewriter.Rewritten jdbc, List<?> params, int cap, boolean untypedStrings,
                                PlanCheck check) {
        ServerPaths serverPaths = serverPaths();
        if (jdbc.subquery() && serverPaths.loaded()) {
            try {
                return serverPaths.redact(inOneRoundTrip(jdbc, params, cap, untypedStrings, check));
            } catch (QueryException e) {
                if (!READ_BUFFER_STATE.equals(e.sqlState())) {
                    throw e;
                }
                // The capped result is larger than the read buffer: stream it below instead, in
                // fetches, so the caps cut it as they would any large result.
            }
        }
        QueryResult[] readBeforeTheBufferRanOut = new QueryResult[1];
        try {
            return inReadOnlyTransaction(c -> {
                serverPaths.load(c); // once per database: server file paths never reach a result
                if (check != null) {
                    judgePlan(c, check, "", List.of(), params, untypedStrings);
                }
                return serverPaths.redact(run(c, jdbc, params, untypedStrings, cap, readBeforeTheBufferRanOut));
            });
        } catch (QueryException e) {
            if (readBeforeTheBufferRanOut[0] != null) {
                // The rows of earlier fetches were whole and are cut at the caps as usual; the
                // connection was closed all the same.
                return serverPaths.redact(readBeforeTheBufferRanOut[0]);
            }
            throw e;
        }
    }

    /**
     * Runs a query that stands as a subquery in one round trip to PostgreSQL: the transaction's
     * {@code BEGIN READ ONLY}, the settings, the query capped by {@code LIMIT cap + 1} around it, and the
     * end of the transaction ({@link #END_TRANSACTION}) go as one batch of extended-protocol messages with
     * one Sync, so PostgreSQL answers in one packet, and it runs them in order (so the settings hold
     * when the query is parsed and run: statement_timeout is armed per message, search_path is read at
     * parse). The query runs as a whole portal, not a row-limited one, so PostgreSQL may plan it with
     * parallel workers. The connection comes from {@link TransactionOpener#lend}: one that may have
     * died while idle is checked (and replaced) first, so a dead pooled connection costs the caller a
     * round trip, not an error. The settings go in the batch only where the connection's session does not
     * hold them already (see {@link TransactionOpener.Lent#toSend()}): on a direct connection a point
     * query is then one statement besides the transaction's own.
     *
     * @throws QueryException as {@link #inReadOnlyTransaction}; SQLSTATE 54000 when the capped result
     *                        exceeds the read buffer (the caller then streams it instead)
     */
    private QueryResult inOneRoundTrip(PlaceholderRewriter.Rewritten jdbc, List<?> params, int cap, boolean untypedStrings,
                                       PlanCheck check) {
        // The query goes on lines of its own: its text may end in a -- comment. PlaceholderRewriter
        // checked that it cannot close the parenthesis around it or end the statement. With a plan to
        // judge first, the settings go with the EXPLAIN, in the round trip before.
        TransactionOpener.Local local = callSettings();
        TransactionOpener.Lent lent;
        try {
            lent = transactions.lend(local);
        } catch (SQLException e) {
            throw translate(e);
        }
        long sent = System.nanoTime();
        try {
            return inOneRoundTrip(lent, jdbc, params, cap, untypedStrings, check);
        } catch (QueryException e) {
            long failedAfterMs = (System.nanoTime() - sent) / 1_000_000;
            if (!lent.unchecked() || !e.connectionProblem() || failedAfterMs > UNCHECKED_RETRY_WINDOW_MS) {
                throw e;
            }
            // The connection went out without a check because it had worked a moment before, and died
            // in between (pg_terminate_backend, a restart): the statement had no time to do anything
            // worth keeping, and it is read-only; it runs once more on a connection checked first.
            LOG.info("a pooled connection lent without a check was broken ({} {}); running the statement again on "
                    + "a checked connection", e.sqlState(), e.getMessage());
            Connection checked;
            try {
                checked = transactions.open(local);
            } catch (SQLException again) {
                throw translate(again);
            }
            return inOneRoundTrip(new TransactionOpener.Lent(checked, false, TransactionOpener.Local.NONE), jdbc,
                    params, cap, untypedStrings, check);
        }
    }

    private QueryResult inOneRoundTrip(TransactionOpener.Lent lent, PlaceholderRewriter.Rewritten jdbc,
                                       List<?> params, int cap, boolean untypedStrings, PlanCheck check) {
        // The query goes on lines of its own: its text may end in a -- comment. PlaceholderRewriter
        // checked that it cannot close the parenthesis around it or end the statement. With a plan to
        // judge first, the settings go with the EXPLAIN, in the round trip before.
        TransactionOpener.Local toSend = lent.toSend();
        String settingsSql = toSend.values().isEmpty() ? "" : toSend.sql() + ";\n";
        String batch = (check == null ? settingsSql : "") + "SELECT * FROM (\n" + jdbc.jdbcSql()
                + "\n) AS pgmcp_capped LIMIT " + (cap + 1) + ";\n" + END_TRANSACTION;
        List<String> settings = check == null ? toSend.values() : List.of();
        return onConnection(lent.connection(), conn -> {
            if (check != null) {
                judgePlan(conn, check, settingsSql, toSend.values(), params, untypedStrings);
            }
            // No transaction open yet (a connection lent without a round trip of its own): the batch opens
            // it itself, as its first extended-protocol statement. pgJDBC would send its BEGIN as a simple
            // query, whose ReadyForQuery PostgreSQL sends and flushes at once: a second packet and a second
            // read on each side of every call.
            boolean opens = !inTransaction(conn);
            if (opens) {
                conn.setAutoCommit(true); // no round trip while idle; the pool restores it on return
            }
            long start = System.nanoTime();
            try (PreparedStatement ps = conn.prepareStatement(opens ? BEGIN_TRANSACTION + batch : batch)) {
                for (int i = 0; i < settings.size(); i++) {
                    ps.setString(i + 1, settings.get(i));
                }
                bind(ps, settings.size(), jdbc, params, untypedStrings);
                Cancellation cancellation = CallScope.current().map(CallScope.Current::cancellation)
                        .orElseGet(Cancellation::new);
                try (Cancellation.Running running = cancellation.track(ps)) {
                    // BEGIN's result and the settings' row first, if they are in this batch: every result has
                    // arrived with them.
                    boolean rows = ps.execute();
                    if (opens) {
                        rows = ps.getMoreResults();
                    }
                    if (!settings.isEmpty()) {
                        rows = ps.getMoreResults();
                    }
                    if (!rows) {
                        throw new SQLException("the query returned no rows", "XX000");
                    }
                    try (ResultSet rs = ps.getResultSet()) {
                        return read(rs, cap, start, cancellation, new QueryResult[1]);
                    }
                }
            }
        });
    }

    /**
     * Binds the caller's values after {@code offset} parameters of pgmcp's own, each typed as the same
     * value written as a literal in the SQL would be. A string or null goes without a type
     * ({@link Types#OTHER}: pgJDBC sends it as unspecified) when {@code untypedStrings}, else as
     * {@code text}. A number with a
     * fraction or exponent (a {@code Double} or {@code BigDecimal} from JSON) goes as {@code numeric},
     * as PostgreSQL types {@code 9.99}: bound as {@code float8}, {@code $1 + 0.2} with 0.1 would give
     * 0.30000000000000004 where psql gives 0.3; a {@code Double} goes by its shortest decimal text, the
     * number the caller wrote. An integer goes as {@code int4} or {@code int8} by size, as a literal
     * does, and as {@code numeric} beyond {@code int8}; a boolean as {@code bool}.
     */
    private static void bind(PreparedStatement ps, int offset, PlaceholderRewriter.Rewritten jdbc, List<?> params,
                             boolean untypedStrings) throws SQLException {
        int[] order = jdbc.parameterOrder();
        for (int i = 0; i < order.length; i++) {
            int n = order[i];
            if (n < 1 || n > params.size()) {
                throw new QueryException("08P01", "no value given for parameter $" + n, null, null, false);
            }
            Object value = params.get(n - 1);
            if (value instanceof String || value == null) {
                String text = (String) value;
                if (untypedStrings) {
                    ps.setObject(offset + i + 1, text, Types.OTHER);
                } else {
                    PGobject typed = new PGobject(); // text, not the varchar of setString: a literal's type
                    typed.setType("text");
                    typed.setValue(text);
                    ps.setObject(offset + i + 1, typed);
                }
            } else {
                ps.setObject(offset + i + 1, asLiteralTyped(value));
            }
        }
    }

    private static Object asLiteralTyped(Object value) {
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            // Java writes 1e-7 as 1.0E-7, a digit PostgreSQL would keep as scale (0.00000010).
            return new java.math.BigDecimal(value.toString().replace(".0E", "E"));
        }
        if (value instanceof java.math.BigInteger big) {
            return new java.math.BigDecimal(big);
        }
        return value;
    }

    private QueryResult run(Connection c, PlaceholderRewriter.Rewritten jdbc, List<?> params, boolean untypedStrings,
                            int cap, QueryResult[] readBeforeTheBufferRanOut) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(jdbc.jdbcSql())) {
            bind(ps, 0, jdbc, params, untypedStrings);
            ps.setFetchSize(FETCH_SIZE);
            ps.setMaxRows(cap + 1); // one more than the cap tells us whether we cut
            Cancellation cancellation = CallScope.current().map(CallScope.Current::cancellation)
                    .orElseGet(Cancellation::new);
            try (Cancellation.Running running = cancellation.track(ps); ResultSet rs = ps.executeQuery()) {
                return read(rs, cap, start, cancellation, readBeforeTheBufferRanOut);
            }
        }
    }

    /**
     * @param readBeforeTheBufferRanOut receives the rows read so far, marked {@link Truncation#BYTES},
     *                                  when fetching more rows exceeds the read buffer (the
     *                                  {@link SQLException} is thrown all the same, so that the
     *                                  connection is closed)
     */
    private QueryResult read(ResultSet rs, int cap, long start, Cancellation cancellation,
                             QueryResult[] readBeforeTheBufferRanOut) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<Column> columns = new ArrayList<>(n);
        ValueReader[] readers = new ValueReader[n];
        long bytes = 2;
        for (int i = 0; i < n; i++) {
            String type = typeName(md.getColumnTypeName(i + 1));
            Column column = new Column(md.getColumnLabel(i + 1), type.startsWith("_") ? type.substring(1) + "[]" : type);
            columns.add(column);
            readers[i] = ValueReaders.forType(type);
            bytes += ResultSizes.columnBytes(column.name(), column.type());
        }
        List<List<Object>> rows = new ArrayList<>();
        Set<Truncation> truncation = EnumSet.noneOf(Truncation.class);
        CellCap cells = new CellCap(limits.maxCellBytes());
        int cutCells = 0; // in the rows returned (a row the byte cap drops does not count)
        while (true) {
            try {
                if (!rs.next()) {
                    break;
                }
            } catch (SQLException e) {
                // pgJDBC fetches rows in batches; the buffer ran out in a later one. What was read is a
                // result cut for its size, as the byte cap would have cut it.
                if (!rows.isEmpty() && readBufferExceeded(e)) {
                    Set<Truncation> cut = EnumSet.copyOf(truncation);
                    cut.add(Truncation.BYTES);
                    if (cutCells > 0) {
                        cut.add(Truncation.CELLS);
                    }
                    readBeforeTheBufferRanOut[0] = new QueryResult(columns, rows, cut, cutCells,
                            (System.nanoTime() - start) / 1_000_000, bytes);
                }
                throw e;
            }
            // Fetching the next batch of a cursor is not a cancellable statement in pgJDBC: check here.
            cancellation.throwIfCancelled();
            if (rows.size() == cap) {
                truncation.add(Truncation.ROWS);
                break;
            }
            Object[] row = new Object[n];
            int cutBefore = cells.cutCells();
            for (int i = 0; i < n; i++) {
                row[i] = cells.apply(readers[i].read(rs, i + 1));
            }
            List<Object> values = java.util.Arrays.asList(row);
            long rowBytes = ResultSizes.rowBytes(values);
            if (bytes + rowBytes > limits.maxBytes()) {
                truncation.add(Truncation.BYTES);
                break;
            }
            bytes += rowBytes;
            cutCells += cells.cutCells() - cutBefore;
            rows.add(values);
        }
        if (cutCells > 0) {
            truncation.add(Truncation.CELLS);
        }
        return new QueryResult(columns, rows, truncation, cutCells, (System.nanoTime() - start) / 1_000_000, bytes);
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
     * rolls the transaction back afterwards whatever happened. A pooled connection found broken
     * before the work starts is replaced by a new one (see {@link TransactionOpener}). A connection on
     * which the driver itself failed (rather than PostgreSQL reporting an error) is closed instead of
     * being returned to the pool: the driver may have lost its place in the protocol stream.
     *
     * @throws QueryException when PostgreSQL fails or cannot be reached ({@link QueryException#connectionProblem()}
     *                        for an unreachable database, a lost connection or an exhausted pool), or
     *                        when the rows exceed the read buffer ({@link ExecutionLimits#maxReadBufferBytes()};
     *                        SQLSTATE 54000, with a hint to select parts of large values)
     */
    public <T> T inReadOnlyTransaction(ConnectionWork<T> work) {
        return inTransaction(callSettings(), work);
    }

    /**
     * As {@link #inReadOnlyTransaction(ConnectionWork)}, as the given role whatever call the thread is
     * working on (the role checks: the login role, and each mapped role).
     *
     * @param role the role ({@code SET LOCAL ROLE}), or {@code null} for the login role
     */
    public <T> T inReadOnlyTransaction(String role, ConnectionWork<T> work) {
        return inTransaction(transactions.local(role, null), work);
    }

    private <T> T inTransaction(TransactionOpener.Local local, ConnectionWork<T> work) {
        try {
            return inOneTransaction(local, work);
        } catch (QueryException e) {
            // On a standby that went away (or cancelled the work for a conflict with replay): once more, on the primary.
            if (!(dataSource instanceof ReplicaRouter router) || !router.retryOnPrimary(e)) {
                throw e;
            }
            return inOneTransaction(local, work);
        }
    }

    private <T> T inOneTransaction(TransactionOpener.Local local, ConnectionWork<T> work) {
        Connection c;
        try {
            c = transactions.open(local);
        } catch (SQLException e) {
            throw translate(e);
        }
        return onConnection(c, work);
    }

    /**
     * @return the settings of a transaction of the current call: pgmcp's own and, when the call runs as a
     *         mapped role ({@link CallScope.Current#role()}), that role and an {@code application_name} naming
     *         the person ({@code pgmcp:NAME}, for {@code pg_stat_activity} and the server log)
     */
    private TransactionOpener.Local callSettings() {
        CallScope.Current call = CallScope.current().orElse(null);
        if (call == null || call.role() == null) {
            return transactions.local(null, null);
        }
        return transactions.local(call.role(), "pgmcp:" + call.call().principal().name());
    }

    /** @return the server-path net of the current call's role */
    private ServerPaths serverPaths() {
        String role = CallScope.current().map(CallScope.Current::role).orElse(null);
        return role == null ? serverPaths : serverPathsByRole.computeIfAbsent(role, r -> new ServerPaths());
    }

    /**
     * Runs work on a borrowed connection, then ends its transaction (unless the work did) and returns
     * it to the pool, or closes it when the driver may be out of step.
     */
    private <T> T onConnection(Connection c, ConnectionWork<T> work) {
        boolean inStep = false;
        try {
            T result = work.run(c);
            inStep = true;
            return result;
        } catch (SQLException e) {
            // An error PostgreSQL reported leaves the protocol in step. One pgJDBC raised itself may
            // not: after refusing a row over the read buffer it goes on reading in the middle of that
            // row, and what it then takes for messages is row data.
            inStep = e instanceof PSQLException p && p.getServerErrorMessage() != null;
            throw readBufferExceeded(e) ? readBufferError() : translate(e);
        } catch (QueryException | SqlRejectedException e) {
            inStep = true; // pgmcp's own refusals (a cancelled call, a missing parameter) leave the connection as it was
            throw e;
        } catch (RuntimeException e) {
            if (!thrownByDriver(e)) {
                throw e;
            }
            // pgJDBC, out of step after refusing a row over the read buffer, can take the row's first
            // bytes for a message it did not expect and fail on its own bookkeeping (ArrayDeque's
            // NoSuchElementException): not a bug of the caller's query, and not one to show.
            LOG.warn("the database driver failed while reading a result; its connection is closed", e);
            throw new QueryException(null, "reading the result failed in the database driver, most likely on a row "
                    + "larger than pgmcp's read buffer" + bufferSize() + " (PGMCP_MAX_READ_BUFFER_BYTES); the "
                    + "connection was closed and nothing was returned", null, READ_BUFFER_HINT, false);
        } finally {
            if (inStep) {
                if (inTransaction(c)) {
                    rollbackQuietly(c);
                }
                transactions.returning(c);
                closeQuietly(c);
            } else {
                // Sending a ROLLBACK would read whatever follows; close the connection unread instead.
                transactions.discard(c);
            }
        }
    }

    /** @return whether pgJDBC refused rows beyond the read buffer ({@code maxResultBuffer}), anywhere in the chain */
    static boolean readBufferExceeded(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() != t ? t.getCause() : null) {
            // pgJDBC's message is not translated in any locale; it names the property.
            if (t instanceof PSQLException p && p.getServerErrorMessage() == null && p.getMessage() != null
                    && p.getMessage().contains("maxResultBuffer")) {
                return true;
            }
        }
        for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
            if (next != e && readBufferExceeded(next)) {
                return true;
            }
        }
        return false;
    }

    private QueryException readBufferError() {
        return new QueryException(READ_BUFFER_STATE, "the result's values exceed pgmcp's read buffer" + bufferSize()
                + " (PGMCP_MAX_READ_BUFFER_BYTES); nothing was returned", null, READ_BUFFER_HINT, false);
    }

    private String bufferSize() {
        long buffer = limits.maxReadBufferBytes();
        return buffer <= 0 ? "" : " of " + mebibytes(buffer);
    }

    /** @return whether the first frame outside the JDK is pgJDBC's */
    static boolean thrownByDriver(RuntimeException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String cls = frame.getClassName();
            if (cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.")) {
                continue;
            }
            return cls.startsWith("org.postgresql.");
        }
        return false;
    }

    /** @return e.g. {@code 4 MiB}, or {@code 1.5 MiB} */
    static String mebibytes(long bytes) {
        double mib = bytes / (1024.0 * 1024.0);
        return (mib == Math.rint(mib) ? String.valueOf((long) mib) : String.format(java.util.Locale.ROOT, "%.1f", mib))
                + " MiB";
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Returning a connection to the pool does not fail in a way the caller could act on.
        }
    }

    /**
     * @return whether a transaction is open on the connection, as pgJDBC tracks it from PostgreSQL's
     *         ReadyForQuery (no round trip); {@code true} when that cannot be told
     */
    private static boolean inTransaction(Connection c) {
        try {
            return !c.isWrapperFor(BaseConnection.class)
                    || c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
        } catch (SQLException e) {
            return true;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try (Statement s = c.createStatement()) {
            // A rollback undoes every SET LOCAL and set_config, but not a session-level advisory lock
            // (pg_advisory_lock): release those too, in the same round trip, so the connection's next
            // borrower holds nothing (the validator denies advisory locks; this holds without it).
            s.execute(END_TRANSACTION);
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // A broken connection: HikariCP evicts it; the caller already has the primary error.
            }
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
        if (hasCause(e, java.net.SocketTimeoutException.class)) {
            // pgJDBC's text ("An I/O error occurred while sending to the backend") does not say what happened.
            message = "no reply from PostgreSQL within the socket timeout (PGMCP_STATEMENT_TIMEOUT_MS plus 10 s), so "
                    + "the connection was closed: the network path may be gone, or the statement builds values too "
                    + "large to send in that time (select a part of them, e.g. left(col, 10000))";
        }
        return new QueryException(state, message, null, null, connection);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the failure is the connection's (SQLSTATE class 08, 57P01..57P03), not the statement's */
    static boolean isConnectionFailure(SQLException e) {
        return isConnectionState(e.getSQLState());
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
