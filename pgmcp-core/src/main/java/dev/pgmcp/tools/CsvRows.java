package dev.pgmcp.tools;

import java.util.List;

/**
 * Rows as CSV lines for the text form of a result (RFC 4180 quoting, with PostgreSQL's
 * {@code COPY ... (FORMAT csv)} convention for NULL: an empty unquoted field is NULL, {@code ""} is
 * an empty string).
 *
 * <p>Why CSV rather than a JSON array per row: the text travels inside a JSON string, where every
 * {@code "} of JSON costs two bytes; CSV quotes only values that need it, so a typical row is about
 * 15% shorter on the wire than its JSON array, and models read CSV as readily. The structured
 * content keeps the typed JSON values.
 *
 * <p>A field is quoted when it is empty, holds a comma, a quote, a line break, or starts or ends
 * with white space (so it survives trimming readers). Nested values (arrays, json) are written as
 * compact JSON, quoted by the same rule.
 */
final class CsvRows {

    private CsvRows() {
    }

    /** Appends {@code row} as one CSV line, without the line break. */
    static void append(StringBuilder out, List<Object> row) {
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = row.get(i);
            if (v == null) {
                continue;
            }
            if (v instanceof String str) {
                field(out, str);
            } else if (v instanceof Integer n) {
                out.append(n.intValue()); // digits straight into the buffer, no String per value
            } else if (v instanceof Long n) {
                out.append(n.longValue());
            } else if (v instanceof Number || v instanceof Boolean) {
                out.append(v); // never needs quotes: no comma, quote, space or line break
            } else {
                field(out, Render.json(v));
            }
        }
    }

    private static void field(StringBuilder out, String s) {
        if (!needsQuotes(s)) {
            out.append(s);
            return;
        }
        out.append('"');
        int from = 0;
        for (int q = s.indexOf('"'); q >= 0; q = s.indexOf('"', from)) {
            out.append(s, from, q + 1).append('"');
            from = q + 1;
        }
        out.append(s, from, s.length()).append('"');
    }

    private static boolean needsQuotes(String s) {
        if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
