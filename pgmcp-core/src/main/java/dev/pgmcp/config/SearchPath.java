package dev.pgmcp.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The schema list pgmcp pins as {@code search_path} in every transaction: parsing it from the text
 * form users write ({@code "$user", public}), checking it, and quoting it back for {@code SET LOCAL}.
 *
 * <p>Names follow PostgreSQL's identifier rules: an unquoted name is folded to lower case and may
 * hold letters, digits, {@code _} and {@code $} (not first, except the special {@code $user}); a
 * double-quoted name is kept as written ({@code ""} is a quote inside it). {@code pg_catalog} may
 * only come first (PostgreSQL searches it first anyway when it is absent; later it would let a
 * schema shadow built-in functions), and {@code pg_temp} may not be listed at all.
 */
public final class SearchPath {

    /** PostgreSQL's longest identifier, in bytes (NAMEDATALEN - 1). */
    private static final int MAX_NAME_BYTES = 63;

    private SearchPath() {
    }

    /**
     * @param setting the setting to name in errors
     * @param text    a comma-separated schema list, e.g. {@code "$user", public}
     * @return the schema names, unquoted and case-folded as PostgreSQL would ({@code [$user, public]})
     * @throws ConfigException naming {@code setting} when the text is not a valid list
     */
    public static List<String> parse(String setting, String text) {
        List<String> names = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i < n && text.charAt(i) == '"') {
                StringBuilder name = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new ConfigException(setting, "unterminated quoted name in '" + text + "'");
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            name.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        name.append(c);
                    }
                }
                names.add(name.toString());
            } else {
                int start = i;
                while (i < n && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                String word = text.substring(start, i);
                if (!word.equals("$user") && !word.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
                    throw new ConfigException(setting, word.isEmpty() ? "empty schema name in '" + text + "'"
                            : "'" + word + "' is not a schema name (quote it with \"...\" if it is one)");
                }
                names.add(word.toLowerCase(Locale.ROOT));
            }
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ',') {
                throw new ConfigException(setting, "expected ',' after a schema name at position " + (i + 1)
                        + " of '" + text + "'");
            }
            i++;
        }
        check(setting, names);
        return List.copyOf(names);
    }

    /**
     * Checks a list of (unquoted) schema names.
     *
     * @throws ConfigException naming {@code setting} when the list is empty or a name is unusable
     */
    static void check(String setting, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new ConfigException(setting, "must name at least one schema");
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isEmpty()) {
                throw new ConfigException(setting, "empty schema name");
            }
            if (name.indexOf('\0') >= 0) {
                throw new ConfigException(setting, "a schema name contains a NUL character");
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new ConfigException(setting, "schema name '" + name + "' is longer than " + MAX_NAME_BYTES + " bytes");
            }
            if (name.startsWith("pg_temp")) {
                throw new ConfigException(setting, "pg_temp cannot be pinned in the search path");
            }
            if (name.equals("pg_catalog") && i > 0) {
                throw new ConfigException(setting, "pg_catalog may only come first (later, other schemas would "
                        + "shadow built-in functions)");
            }
        }
    }

    /**
     * @param names schema names as {@link #parse} returns them
     * @return the value for {@code set_config('search_path', …)}, written as PostgreSQL itself shows
     * a search_path: a name is double-quoted only when it is not a plain lower-case identifier, e.g.
     * {@code "$user", public} (set_config stores its text as given, and SHOW would show the quotes)
     */
    public static String settingValue(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String name : names) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            if (name.matches("[a-z_][a-z0-9_$]*")) {
                sb.append(name); // read back unchanged: unquoted names are only folded to lower case
            } else {
                sb.append('"').append(name.replace("\"", "\"\"")).append('"');
            }
        }
        return sb.toString();
    }
}
