package dev.pgmcp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Northwind sample database (14 tables in {@code public}), loaded once per test JVM from the plain-SQL
 * dump on the test class path, {@code northwind/northwind.sql} (Ms-PL; its origin and license text are
 * beside it in {@code src/test/resources/northwind/}).
 *
 * <p>It is loaded the way {@code psql} would run it: statement by statement, in autocommit. A failing
 * {@code SET} is reported on stderr and skipped (old dumps set parameters that newer servers dropped or
 * restrict, such as {@code default_with_oids}; PostgreSQL 12-18 still accept this dump's
 * {@code = false}, but {@code true} or a removed parameter would fail); any other failure aborts the load.
 */
public final class Northwind {

    /** The dump's name on the test class path. */
    public static final String RESOURCE = "northwind/northwind.sql";

    private static String url;

    private Northwind() {
    }

    /**
     * Creates a database holding Northwind on the first call and returns its superuser JDBC URL; later
     * calls return the same URL. Tests must not change its data.
     *
     * @throws IllegalStateException when the dump cannot be found or a non-{@code SET} statement fails
     */
    public static synchronized String load() {
        if (url == null) {
            String fresh = TestPostgres.freshDatabase("northwind");
            runScript(fresh, script(), RESOURCE);
            url = fresh;
        }
        return url;
    }

    /**
     * @return the dump's text (UTF-8), read from the test class path
     * @throws IllegalStateException when the resource is missing from the class path
     */
    public static String script() {
        try (InputStream in = Northwind.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Northwind dump not found on the test class path: " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    /**
     * Runs a SQL script like {@code psql} would: statement by statement (see {@link #splitStatements}), in
     * autocommit; a failing {@code SET} is reported on stderr and skipped.
     *
     * @param jdbcUrl where to run it
     * @param script  the SQL text
     * @param source  names the script in messages, e.g. its path
     * @throws IllegalStateException when any statement other than a {@code SET} fails (earlier ones stay committed)
     */
    public static void runScript(String jdbcUrl, String script, String source) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            for (String statement : splitStatements(script)) {
                try {
                    s.execute(statement);
                } catch (SQLException e) {
                    if (!isSet(statement)) {
                        throw new IllegalStateException("loading " + source + " failed at: " + abbreviate(statement)
                                + ": " + e.getMessage(), e);
                    }
                    System.err.println("Northwind: skipped failing statement " + abbreviate(statement) + ": "
                            + e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect to " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSet(String statement) {
        String s = statement.stripLeading().toUpperCase(Locale.ROOT);
        return s.startsWith("SET ") || s.startsWith("SET\t") || s.startsWith("SET\n");
    }

    private static String abbreviate(String statement) {
        String oneLine = statement.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    /**
     * Splits a SQL script into statements at top-level semicolons, dropping comments.
     *
     * <p>Why a tokenizer rather than splitting on {@code ";\n"}: today the dump has no {@code ';'} inside
     * string literals, but it does have literals with doubled quotes ({@code 'B''s Beverages'}), and a
     * customer name or address containing {@code ";"} followed by a line break would silently corrupt a
     * line-based split. So this understands what can hide a semicolon: {@code '...'} literals (with
     * {@code ''} escapes; {@code E'...'} literals also with backslash escapes), {@code "..."} identifiers,
     * {@code $tag$...$tag$} bodies, {@code --} line comments and nested {@code /* *}{@code /} comments.
     *
     * @param script the SQL text
     * @return the statements, trimmed, without their terminating semicolons; blank ones are dropped
     */
    public static List<String> splitStatements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int n = script.length();
        int i = 0;
        while (i < n) {
            char ch = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (ch == '-' && next == '-') {
                int eol = script.indexOf('\n', i);
                i = eol < 0 ? n : eol; // keep the newline as a separator
            } else if (ch == '/' && next == '*') {
                int depth = 1;
                i += 2;
                while (i < n && depth > 0) {
                    if (script.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (script.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
                cur.append(' ');
            } else if (ch == '\'') {
                boolean backslashes = i > 0 && (script.charAt(i - 1) == 'E' || script.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(script.charAt(i - 2)) && script.charAt(i - 2) != '_');
                int end = i + 1;
                while (end < n) {
                    char c = script.charAt(end);
                    if (backslashes && c == '\\') {
                        end += 2;
                    } else if (c == '\'') {
                        if (end + 1 < n && script.charAt(end + 1) == '\'') {
                            end += 2;
                        } else {
                            break;
                        }
                    } else {
                        end++;
                    }
                }
                end = Math.min(end + 1, n);
                cur.append(script, i, end);
                i = end;
            } else if (ch == '"') {
                int end = script.indexOf('"', i + 1);
                end = end < 0 ? n : end + 1; // "" inside an identifier is two adjacent quoted runs: still fine
                cur.append(script, i, end);
                i = end;
            } else if (ch == '$' && dollarTag(script, i) != null) {
                String tag = dollarTag(script, i);
                int close = script.indexOf(tag, i + tag.length());
                int end = close < 0 ? n : close + tag.length();
                cur.append(script, i, end);
                i = end;
            } else if (ch == ';') {
                flush(cur, out);
                i++;
            } else {
                cur.append(ch);
                i++;
            }
        }
        flush(cur, out);
        return out;
    }

    /** @return the {@code $tag$} starting at {@code i}, or null when {@code '$'} there does not open a dollar quote */
    private static String dollarTag(String s, int i) {
        if (i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '_')) {
            return null; // part of an identifier such as a$b, or a parameter like $1 after a word
        }
        int j = i + 1;
        while (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_'
                || (j > i + 1 && Character.isDigit(s.charAt(j))))) {
            j++;
        }
        return j < s.length() && s.charAt(j) == '$' ? s.substring(i, j + 1) : null;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        cur.setLength(0);
    }
}
