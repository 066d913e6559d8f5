package dev.pgmcp.internal.sql;

import dev.pgmcp.internal.sql.SqlLexer.Kind;
import dev.pgmcp.internal.sql.SqlLexer.Token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers what the validator decided for a statement <em>shape</em>, so that the same query with
 * other literal values ({@code WHERE id = 41}, {@code WHERE id = 42}, …) is not parsed again: an
 * assistant repeats shapes, and JSqlParser is most of a short query's validation cost.
 *
 * <p>The shape is the statement's significant tokens (comments and whitespace dropped: the
 * validator blanks them before parsing) with the contents of plain literals left out:
 * <ul>
 *   <li>a plain integer ({@code 42}) stands for the type PostgreSQL gives it ({@link #numberShape}):
 *       {@code 7} and {@code 12345} share a shape, {@code 2147483647} and {@code 2147483648} do not;</li>
 *   <li>any other {@code NUMBER} keeps its form with every digit written {@code 0} ({@code 4.2} and
 *       {@code 1.7} share a shape, {@code 1e5} and {@code 100} do not);</li>
 *   <li>a plain {@code '…'} string (prefix {@code B}, {@code X} or {@code N} kept) keeps only its
 *       quotes.</li>
 * </ul>
 * Every other token (keywords, identifiers, operators, placeholders, {@code E''}, {@code U&''} and
 * dollar-quoted literals) is kept verbatim. This is sound because no rule of the validator that the
 * cache stands in for reads a plain literal's value (the one that does, {@link ServerPathSettings},
 * runs before the cache on every call): the tree inspection, the EXPLAIN option list and the token guards look at
 * statement structure, names and operators, and {@link References} holds only identifiers.
 *
 * <p>Only acceptances are stored; a rejection is computed again each time (it is cheap, and its
 * message names positions in the text at hand). The database-dependent {@link StatementPolicy} is
 * not part of the verdict and runs on every call.
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} shapes of at most {@link #MAX_KEY_CHARS} characters each
 * (a few MB at worst), least recently used dropped first. Thread-safe.
 */
final class VerdictCache {

    /** Shapes remembered. */
    static final int MAX_ENTRIES = 1_024;

    /** Longer statements are validated every time: their parse dwarfs nothing and they rarely repeat. */
    static final int MAX_KEY_CHARS = 4_096;

    /** What an acceptance says about every statement of one shape. */
    record Verdict(StatementKind kind, int parameterCount, References references) {
    }

    private final Map<String, Verdict> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verdict> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /**
     * @param significant the statement's tokens without trivia, up to (not including) its {@code ;}
     * @return the shape key, or null when the statement is too long to be remembered
     */
    static String key(List<Token> significant) {
        StringBuilder key = new StringBuilder(128);
        for (Token t : significant) {
            String text = t.text();
            if (t.kind() == Kind.NUMBER) {
                text = numberShape(text);
            } else if (t.kind() == Kind.STRING) {
                text = text.substring(0, text.indexOf('\'')) + "''";
            }
            // Kind and length before each token: no two token sequences share a key.
            key.append((char) ('A' + t.kind().ordinal())).append(text.length()).append(':').append(text);
            if (key.length() > MAX_KEY_CHARS) {
                return null;
            }
        }
        return key.toString();
    }

    /**
     * A number's part in a shape. A plain integer stands for the type PostgreSQL's parser gives it
     * ({@code int4} up to 2147483647, {@code int8} up to 9223372036854775807, {@code numeric} above;
     * 9223372036854775808 alone, which is {@code numeric} but {@code int8} after a minus), whatever its
     * digits: the cost budget trusts the plan of one statement of a shape for the others
     * ({@code CostBudget}), and a column compared with a {@code numeric} literal is compared as
     * {@code numeric}, which no index on an integer column serves, where an {@code int8} literal is
     * looked up through it. Any other form (a fraction, an exponent) is {@code numeric} whatever its
     * digits, and keeps its form with every digit written {@code 0}.
     *
     * @param text a {@code NUMBER} token's text
     * @return what stands for it in a shape
     */
    static String numberShape(String text) {
        int start = 0;
        boolean digits = true;
        for (int i = 0; i < text.length() && digits; i++) {
            char c = text.charAt(i);
            digits = c >= '0' && c <= '9';
            if (c == '0' && start == i && i < text.length() - 1) {
                start = i + 1; // leading zeros: 007 is 7
            }
        }
        if (digits) {
            String value = text.substring(start);
            return atMost(value, "2147483647") ? "int4"
                    : atMost(value, "9223372036854775807") ? "int8"
                    : value.equals("9223372036854775808") ? "int8-negated" : "numeric";
        }
        StringBuilder form = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            form.append(c >= '0' && c <= '9' ? '0' : c);
        }
        return form.toString();
    }

    /** @return whether the decimal digits {@code value} (no leading zero) are at most {@code max} */
    private static boolean atMost(String value, String max) {
        return value.length() < max.length() || value.length() == max.length() && value.compareTo(max) <= 0;
    }

    /** @return the remembered acceptance of this shape, or null */
    Verdict get(String key) {
        synchronized (entries) {
            return entries.get(key);
        }
    }

    void put(String key, Verdict verdict) {
        synchronized (entries) {
            entries.put(key, verdict);
        }
    }

    /** @return how many shapes are remembered (for tests) */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
