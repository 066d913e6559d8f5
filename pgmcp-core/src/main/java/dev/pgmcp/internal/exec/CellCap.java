package dev.pgmcp.internal.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-value cap: a value whose JSON-ready form is longer than the cap, in UTF-8 bytes, is cut
 * so that one huge cell (a document in a text column, an image in a bytea) cannot take the whole
 * result. What is cut is marked where it was cut, with {@code …[truncated N bytes]} (N = the UTF-8
 * bytes left out), so neither a person nor a model takes a cut value for the whole one:
 * <ul>
 *   <li>strings (text, varchar, xml, bytea as base64, every type rendered as text): the first bytes
 *       that fit, cut at a character boundary, then the marker;</li>
 *   <li>{@code json}/{@code jsonb} values: PostgreSQL's text of the value, cut as a string. A value
 *       that was a string already (a scalar, or an object or array written as text, see
 *       {@link QueryResult}) is cut like any string; an object or array written as JSON
 *       ({@link JsonText}) becomes a string when it is cut;</li>
 *   <li>arrays: the leading elements that fit (a string element that does not fit is cut), then the
 *       marker as a last element.</li>
 * </ul>
 * Numbers, booleans and nulls are never longer than the smallest cap.
 *
 * <p>One instance per result, not thread-safe: it counts the values it cut.
 */
final class CellCap {

    private final long cap;
    private int cut;

    /** @param cap the most UTF-8 bytes a value keeps (at least 1) */
    CellCap(long cap) {
        this.cap = cap;
    }

    /** @return how many values {@link #apply} cut so far */
    int cutCells() {
        return cut;
    }

    /**
     * @param value a value as a {@link ValueReader} returns it
     * @return the value itself when it fits, otherwise its cut and marked form
     */
    Object apply(Object value) {
        Object result;
        if (value instanceof String s) {
            result = cutString(s, cap);
        } else if (value instanceof List<?> list) {
            result = cutList(list);
        } else if (value instanceof JsonText json) {
            String cutText = cutString(json.text(), cap);
            result = cutText == json.text() ? json : cutText;
        } else {
            return value;
        }
        if (result != value) {
            cut++;
        }
        return result;
    }

    /** @return {@code s} itself when it fits in {@code budget} UTF-8 bytes, else its head and the marker */
    static String cutString(String s, long budget) {
        if ((long) s.length() * 3 <= budget) {
            return s; // a UTF-16 char is at most 3 UTF-8 bytes (a surrogate pair, 2 chars, is 4)
        }
        long total = utf8Length(s);
        if (total <= budget) {
            return s;
        }
        int end = 0;
        long kept = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int bytes = utf8Length(cp);
            if (kept + bytes > budget) {
                break;
            }
            kept += bytes;
            end += Character.charCount(cp);
        }
        return s.substring(0, end) + marker(total - kept);
    }

    private List<Object> cutList(List<?> list) {
        long total = size(list);
        if (total <= cap) {
            @SuppressWarnings("unchecked")
            List<Object> same = (List<Object>) list;
            return same;
        }
        List<Object> out = new ArrayList<>();
        long used = 2;
        for (Object e : list) {
            long size = size(e) + 1;
            if (used + size <= cap) {
                out.add(e);
                used += size;
                continue;
            }
            if (e instanceof String s && cap - used > 3) {
                String head = cutString(s, cap - used - 3);
                out.add(head);
                used += utf8Length(head) + 3;
            }
            break;
        }
        out.add(marker(Math.max(1, total - used)));
        return out;
    }

    /**
     * @return the UTF-8 length of a value's JSON-ready form (strings unescaped, without quotes; a
     * {@link JsonText} as its text)
     */
    static long size(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String s) {
            return utf8Length(s);
        }
        if (value instanceof List<?> list) {
            long n = 2;
            for (Object e : list) {
                n += size(e) + 1;
            }
            return n;
        }
        if (value instanceof JsonText json) {
            return utf8Length(json.text());
        }
        return utf8Length(value.toString());
    }

    private static final java.util.regex.Pattern MARKED = java.util.regex.Pattern.compile("…\\[truncated \\d+ bytes]$");

    /** @return whether a value read through this cap ends with its cut marker (a cut string, or an array whose last element is one) */
    static boolean isCut(Object value) {
        if (value instanceof String s) {
            return s.endsWith(" bytes]") && MARKED.matcher(s).find();
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            return isCut(list.get(list.size() - 1));
        }
        return false;
    }

    static String marker(long bytesLeftOut) {
        return "…[truncated " + bytesLeftOut + " bytes]";
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
