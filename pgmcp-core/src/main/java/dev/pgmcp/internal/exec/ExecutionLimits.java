package dev.pgmcp.internal.exec;

import dev.pgmcp.config.PgMcpConfig;

import java.time.Duration;
import java.util.List;

/**
 * The limits and session settings every statement runs under.
 *
 * @param maxRows                  row cap per result
 * @param maxBytes                 byte cap per result (approximate encoded JSON size); the executor stops
 *                                 reading rows at it, and a tool's response (rows as structured content
 *                                 and as text together) is cut to it when rendered (see {@code Render.rows})
 * @param statementTimeout         PostgreSQL {@code statement_timeout}
 * @param lockTimeout              PostgreSQL {@code lock_timeout}
 * @param idleInTransactionTimeout PostgreSQL {@code idle_in_transaction_session_timeout}
 * @param maxCellBytes             cap per value, in UTF-8 bytes of its JSON-ready form (see {@link CellCap})
 * @param searchPath               schemas pinned as {@code search_path}, unquoted, in order
 * @param maxReadBufferBytes       the read buffer the pool's connections were given (pgJDBC's
 *                                 {@code maxResultBuffer}, in bytes), named in the error a call that
 *                                 exceeds it gets; 0 when unknown
 * @param maxQueryCost             the cost budget of caller SQL in PostgreSQL's cost units (see
 *                                 {@link CostBudget}), 0 for none
 */
public record ExecutionLimits(int maxRows, long maxBytes, Duration statementTimeout, Duration lockTimeout,
                              Duration idleInTransactionTimeout, long maxCellBytes, List<String> searchPath,
                              long maxReadBufferBytes, double maxQueryCost) {

    /** Default per-value cap (64 KiB), as {@code PgMcpConfig} has it. */
    public static final long DEFAULT_MAX_CELL_BYTES = 64L * 1024;

    public ExecutionLimits {
        searchPath = List.copyOf(searchPath);
    }

    /** Limits without a cost budget. */
    public ExecutionLimits(int maxRows, long maxBytes, Duration statementTimeout, Duration lockTimeout,
                           Duration idleInTransactionTimeout, long maxCellBytes, List<String> searchPath,
                           long maxReadBufferBytes) {
        this(maxRows, maxBytes, statementTimeout, lockTimeout, idleInTransactionTimeout, maxCellBytes, searchPath,
                maxReadBufferBytes, 0);
    }

    /** Limits whose pool's read buffer is not known here (its error then names no size). */
    public ExecutionLimits(int maxRows, long maxBytes, Duration statementTimeout, Duration lockTimeout,
                           Duration idleInTransactionTimeout, long maxCellBytes, List<String> searchPath) {
        this(maxRows, maxBytes, statementTimeout, lockTimeout, idleInTransactionTimeout, maxCellBytes, searchPath, 0);
    }

    /** Limits with the default cell cap and search path ({@code "$user", public}). */
    public ExecutionLimits(int maxRows, long maxBytes, Duration statementTimeout, Duration lockTimeout,
                           Duration idleInTransactionTimeout) {
        this(maxRows, maxBytes, statementTimeout, lockTimeout, idleInTransactionTimeout, DEFAULT_MAX_CELL_BYTES,
                List.of("$user", "public"));
    }

    /** @return the limits a configuration sets, without a cost budget (for pgmcp's own catalog reads) */
    public static ExecutionLimits of(PgMcpConfig config) {
        return new ExecutionLimits(config.maxRows(), config.maxResultBytes(), config.statementTimeout(),
                config.lockTimeout(), config.idleInTransactionTimeout(), config.maxCellBytes(), config.searchPath(),
                config.maxReadBufferBytes());
    }

    /** @return the limits a configuration sets for one database, its cost budget included */
    public static ExecutionLimits of(PgMcpConfig config, String database) {
        return new ExecutionLimits(config.maxRows(), config.maxResultBytes(), config.statementTimeout(),
                config.lockTimeout(), config.idleInTransactionTimeout(), config.maxCellBytes(), config.searchPath(),
                config.maxReadBufferBytes(), config.maxQueryCost(database));
    }
}
