package dev.pgmcp.internal.pool;

import java.time.Duration;
import java.util.List;

/**
 * pgmcp's own session settings: the timeouts, the interval output format, how string literals are
 * read and the {@code search_path}, the same for every statement pgmcp runs on a database. One list
 * serves both places they are applied: the start-up packet of each pooled connection (the
 * {@code options} parameter, {@link #startupOptions}), and the executor, which checks once per
 * connection that its session holds them and otherwise sets them in every transaction
 * ({@code set_config(name, value, true)}), as it must behind a connection path that drops start-up
 * options (a pooler).
 */
public final class SessionSettings {

    private SessionSettings() {
    }

    /**
     * @param statementTimeout  PostgreSQL's {@code statement_timeout}
     * @param lockTimeout       {@code lock_timeout}
     * @param idleInTransaction {@code idle_in_transaction_session_timeout}
     * @param searchPath        the {@code search_path} value as PostgreSQL shows it (see
     *                          {@link dev.pgmcp.config.SearchPath#settingValue})
     * @return names and values, alternating, in a fixed order; timeouts in milliseconds (PostgreSQL's
     *         unit for a bare number)
     */
    public static List<String> of(Duration statementTimeout, Duration lockTimeout, Duration idleInTransaction,
                                  String searchPath) {
        return List.of(
                "statement_timeout", Long.toString(statementTimeout.toMillis()),
                "lock_timeout", Long.toString(lockTimeout.toMillis()),
                "idle_in_transaction_session_timeout", Long.toString(idleInTransaction.toMillis()),
                "IntervalStyle", "iso_8601",
                // How PostgreSQL reads string literals, as pgmcp's lexer reads them.
                "standard_conforming_strings", "on",
                "backslash_quote", "safe_encoding",
                "search_path", searchPath);
    }

    /**
     * @param settings names and values, alternating, as {@link #of} gives them
     * @return the settings as {@code -c name=value} words for the start-up {@code options} parameter,
     *         a space or backslash in a value escaped with a backslash (PostgreSQL splits the parameter
     *         at unescaped white space)
     */
    public static String startupOptions(List<String> settings) {
        StringBuilder options = new StringBuilder();
        for (int i = 0; i + 1 < settings.size(); i += 2) {
            options.append(i == 0 ? "" : " ").append("-c ").append(settings.get(i)).append('=');
            String value = settings.get(i + 1);
            for (int j = 0; j < value.length(); j++) {
                char ch = value.charAt(j);
                if (Character.isWhitespace(ch) || ch == '\\') {
                    options.append('\\');
                }
                options.append(ch);
            }
        }
        return options.toString();
    }
}
