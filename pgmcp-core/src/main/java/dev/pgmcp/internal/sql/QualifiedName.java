package dev.pgmcp.internal.sql;

import java.util.List;
import java.util.Objects;

/**
 * A function or relation name as a query wrote it, folded the way PostgreSQL folds identifiers:
 * unquoted parts are lower-cased (ASCII letters only, as PostgreSQL does for UTF-8 databases),
 * quoted parts keep their case and lose their quotes ({@code "My""Fn"} → {@code My"Fn}).
 *
 * @param schema the schema it was qualified with, or {@code null} when written unqualified (a
 *               database part, as in {@code db.schema.name}, is dropped: PostgreSQL only accepts the
 *               current database there)
 * @param name   the function or relation name, never null or empty
 */
public record QualifiedName(String schema, String name) {

    /** Checks that the name is present. */
    public QualifiedName {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
    }

    /**
     * @param parts the dotted parts as written, each possibly double-quoted, e.g. {@code ["pg_catalog", "now"]}
     * @return the folded name, or {@code null} if there are no parts or the last one is empty
     */
    public static QualifiedName of(List<String> parts) {
        if (parts == null || parts.isEmpty()) {
            return null;
        }
        String name = fold(parts.get(parts.size() - 1));
        if (name == null || name.isEmpty()) {
            return null;
        }
        String schema = parts.size() >= 2 ? fold(parts.get(parts.size() - 2)) : null;
        return new QualifiedName(schema == null || schema.isEmpty() ? null : schema, name);
    }

    /**
     * @param dotted a name such as {@code pg_catalog.sum} or {@code "S"."f"}; dots inside quotes do not split
     * @return the folded name, or {@code null} for null or blank input
     */
    public static QualifiedName parse(String dotted) {
        if (dotted == null || dotted.isBlank()) {
            return null;
        }
        return of(splitDotted(dotted.strip()));
    }

    /** PostgreSQL's identifier folding for one part; {@code null} stays {@code null}. */
    public static String fold(String part) {
        if (part == null) {
            return null;
        }
        String p = part.strip();
        if (p.length() >= 2 && p.charAt(0) == '"' && p.charAt(p.length() - 1) == '"') {
            return p.substring(1, p.length() - 1).replace("\"\"", "\"");
        }
        StringBuilder sb = new StringBuilder(p.length());
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    private static List<String> splitDotted(String s) {
        java.util.ArrayList<String> parts = new java.util.ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** @return {@code schema.name} or {@code name}, unquoted (for messages) */
    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
