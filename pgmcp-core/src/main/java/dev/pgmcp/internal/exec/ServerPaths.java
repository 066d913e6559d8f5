package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryResult;

import dev.pgmcp.internal.sql.ServerPathSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps the server's file system paths (data directory, configuration files, sockets, TLS files…)
 * out of query results, for roles that can read them: superusers (allowed only with
 * {@code PGMCP_ALLOW_UNSAFE_ROLE}) and members of {@code pg_read_all_settings}.
 *
 * <p>The validator already refuses the obvious lookups ({@code current_setting('data_directory')},
 * {@code pg_settings} with such a name); this is the net behind it for every other way of reaching
 * the value (a {@code LIKE} pattern, a whole-view {@code SELECT *}, {@code json_agg} of the view):
 * at the first query on a database the actual values of {@link #SETTINGS} are read once, and from
 * then on every result cell that contains one of them has it replaced by {@link #HIDDEN}. Text,
 * arrays and JSON values are searched; a value transformed in SQL (reversed, hex-encoded) is not
 * recognised, which is why this is a net and not the only rule.
 *
 * <p>Only absolute paths of at least {@value #MIN_LENGTH} characters are hidden (a relative
 * {@code log} or {@code server.crt} is resolved under the data directory, which is hidden, and
 * hiding it everywhere would garble ordinary text). For a role that cannot read them nothing is
 * loaded and results pass through untouched.
 *
 * <p>Thread-safe: loaded once, then read-only.
 */
public final class ServerPaths {

    /** What a hidden path is replaced with. */
    public static final String HIDDEN = "[server path hidden]";

    /** Settings whose values are server file system paths ({@link ServerPathSettings#NAMES}). */
    public static final Set<String> SETTINGS = ServerPathSettings.NAMES;

    static final int MIN_LENGTH = 4;

    /** Longest first, so a path and the directory it is in are both replaced whole. */
    private volatile List<String> paths;

    /**
     * Reads the path values once, on the first call, with the connection at hand (inside the caller's
     * read-only transaction).
     *
     * @throws SQLException when the settings cannot be read
     */
    /** @return whether the path values were read (then {@link #load} sends nothing) */
    boolean loaded() {
        return paths != null;
    }

    void load(Connection c) throws SQLException {
        if (paths != null) {
            return;
        }
        synchronized (this) {
            if (paths != null) {
                return;
            }
            // pg_settings shows these rows only to roles that may read them; the role test avoids
            // hiding values an ordinary role sees anyway (such as the socket directory).
            String sql = "SELECT setting FROM pg_catalog.pg_settings WHERE name = ANY (?) AND setting <> '' AND "
                    + "((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) "
                    + "OR pg_catalog.pg_has_role(current_user, 'pg_read_all_settings', 'MEMBER'))";
            Set<String> found = new TreeSet<>(Comparator.comparingInt(String::length).reversed()
                    .thenComparing(Comparator.naturalOrder()));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("text", SETTINGS.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (String part : rs.getString(1).split(",")) {
                            addPaths(part, found);
                        }
                    }
                }
            }
            paths = List.copyOf(found);
        }
    }

    /** The absolute paths in one setting value (a command line such as archive_command may hold several). */
    private static void addPaths(String value, Set<String> out) {
        for (String word : value.trim().split("[\\s'\"]+")) {
            String w = word.trim();
            boolean absolute = w.startsWith("/") || (w.length() > 2 && w.charAt(1) == ':'
                    && (w.charAt(2) == '\\' || w.charAt(2) == '/'));
            if (absolute && w.length() >= MIN_LENGTH) {
                out.add(w);
            }
        }
    }

    /** @return the paths hidden, longest first (empty before loading or for an ordinary role) */
    List<String> paths() {
        List<String> p = paths;
        return p == null ? List.of() : p;
    }

    /**
     * @param result rows as read
     * @return the same result, or a copy in which every path is replaced by {@link #HIDDEN}
     */
    QueryResult redact(QueryResult result) {
        List<String> p = paths();
        if (p.isEmpty()) {
            return result;
        }
        List<List<Object>> rows = new ArrayList<>(result.rows().size());
        boolean changed = false;
        for (List<Object> row : result.rows()) {
            Object[] copy = row.toArray();
            for (int i = 0; i < copy.length; i++) {
                Object v = redactValue(copy[i], p);
                changed |= v != copy[i];
                copy[i] = v;
            }
            rows.add(java.util.Arrays.asList(copy));
        }
        return changed ? new QueryResult(result.columns(), rows, result.truncation(), result.cutCells(),
                result.elapsedMillis(), result.estimatedBytes()) : result;
    }

    private static Object redactValue(Object v, List<String> paths) {
        if (v instanceof String s) {
            return redactText(s, paths);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object e : list) {
                Object r = redactValue(e, paths);
                changed |= r != e;
                out.add(r);
            }
            return changed ? out : v;
        }
        if (v instanceof JsonText json) {
            String hidden = redactText(json.text(), paths);
            if (hidden.equals(json.text())) {
                return v;
            }
            // Two keys that were different paths are now the same: then the value is text.
            return ValueReaders.json(hidden);
        }
        return v;
    }

    /**
     * @return {@code s} with every path replaced, also as JSON text writes it (a Windows path's
     * backslashes doubled), for json values and the text of json values
     */
    static String redactText(String s, List<String> paths) {
        String out = s;
        for (String p : paths) {
            if (out.contains(p)) {
                out = out.replace(p, HIDDEN);
            }
            if (p.indexOf('\\') >= 0) {
                String escaped = p.replace("\\", "\\\\");
                if (out.contains(escaped)) {
                    out = out.replace(escaped, HIDDEN);
                }
            }
        }
        return out;
    }
}
