package dev.pgmcp.internal.tools;

import dev.pgmcp.internal.exec.JsonText;
import dev.pgmcp.internal.exec.PgFloats;

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
 * with white space (so it survives trimming readers). A {@code json}/{@code jsonb} value is
 * PostgreSQL's text of it, exactly (its duplicate keys, number text and, for {@code json}, white
 * space): the structured content holds that text either as JSON ({@link JsonText}) or in a string.
 * An {@code int8} is its decimal text, whether the structured content has a number or a string.
 * Arrays are written as compact JSON of their structured form (an array whose dimensions do not all
 * start at 1 is PostgreSQL's text there, a string, and is written as such); all are quoted by the
 * same rule.
 */
final class CsvRows {

    private CsvRows() {
    }

    /**
     * Appends {@code row} as one CSV line, without the line break.
     *
     * @return how many more characters the appended line takes inside a JSON string than its length
     * ({@code \"}, {@code \\} and {@code \n} take two characters, other control characters six):
     * found in the same scan that decides the quoting, so that a caller counting the encoded size of
     * the text does not walk it again
     */
    static long append(StringBuilder out, List<Object> row) {
        return append(out, row, null);
    }

    /**
     * As {@link #append(StringBuilder, List)}, with floating-point values written as PostgreSQL writes
     * them ({@link PgFloats}).
     *
     * @param real which columns are {@code real} (float4) rather than {@code double precision}, or null for none
     */
    static long append(StringBuilder out, List<Object> row, boolean[] real) {
        long escapes = 0;
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = row.get(i);
            if (v == null) {
                continue;
            }
            if (v instanceof String str) {
                escapes += field(out, str);
            } else if (v instanceof JsonText json) {
                escapes += field(out, json.text());
            } else if (v instanceof Integer n) {
                out.append(n.intValue()); // digits straight into the buffer, no String per value
            } else if (v instanceof Long n) {
                out.append(n.longValue());
            } else if (v instanceof Double d && Double.isFinite(d)) {
                PgFloats.append(out, d, real != null && i < real.length && real[i]); // no quotes or escapes either
            } else if (v instanceof Number || v instanceof Boolean) {
                out.append(v); // never needs quotes or JSON escapes: no comma, quote, space or control character
            } else {
                escapes += field(out, Render.json(v));
            }
        }
        return escapes;
    }

    /** Appends one value, quoted when it needs it; returns its JSON escapes as {@link #append} does. */
    private static long field(StringBuilder out, String s) {
        int n = s.length();
        boolean quote = n == 0 || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(n - 1));
        int quotes = 0;
        long escapes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                boolean shortEscape = c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f';
                escapes += shortEscape ? 1 : 5;
                quote |= c == '\n' || c == '\r';
            } else if (c == '"') {
                quotes++;
            } else if (c == '\\') {
                escapes++;
            } else if (c == ',') {
                quote = true;
            }
        }
        if (!quote && quotes == 0) {
            out.append(s);
            return escapes;
        }
        out.append('"');
        int from = 0;
        for (int q = s.indexOf('"'); q >= 0; q = s.indexOf('"', from)) {
            out.append(s, from, q + 1).append('"');
            from = q + 1;
        }
        out.append(s, from, n).append('"');
        // Every quote in the line, the two around the value and each doubled one, is escaped in JSON.
        return escapes + 2 + 2L * quotes;
    }
}
