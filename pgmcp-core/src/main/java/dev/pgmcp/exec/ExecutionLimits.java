package dev.pgmcp.exec;

import dev.pgmcp.config.PgMcpConfig;

import java.time.Duration;

/**
 * The limits every statement runs under.
 *
 * @param maxRows                  row cap per result
 * @param maxBytes                 byte cap per result (approximate encoded JSON size)
 * @param statementTimeout         PostgreSQL {@code statement_timeout}
 * @param lockTimeout              PostgreSQL {@code lock_timeout}
 * @param idleInTransactionTimeout PostgreSQL {@code idle_in_transaction_session_timeout}
 */
public record ExecutionLimits(int maxRows, long maxBytes, Duration statementTimeout, Duration lockTimeout,
                              Duration idleInTransactionTimeout) {

    /** @return the limits a configuration sets */
    public static ExecutionLimits of(PgMcpConfig config) {
        return new ExecutionLimits(config.maxRows(), config.maxResultBytes(), config.statementTimeout(),
                config.lockTimeout(), config.idleInTransactionTimeout());
    }
}
