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
 *   <li>a {@code NUMBER} keeps its form with every digit written {@code 0} ({@code 42} and
 *       {@code 17} share a shape, {@code 1e5} and {@code 100} do not);</li>
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
                StringBuilder form = new StringBuilder(text.length());
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    form.append(c >= '0' && c <= '9' ? '0' : c);
                }
                text = form.toString();
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
