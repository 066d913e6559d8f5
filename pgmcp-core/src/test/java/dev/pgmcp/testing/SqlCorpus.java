package dev.pgmcp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SQL corpora, read from the test resources {@code corpus/hostile.sql} (statements
 * that must be rejected or stopped by a limit) and {@code corpus/benign.sql} (analytical queries
 * that must be accepted and run).
 *
 * <p>File format (each file's header comment says the same): everything before the first entry is
 * ignored; an entry starts with a line {@code -- @entry <category> <expectation> [@tag ...]} and
 * its SQL is every following line up to the next such line or the end of the file, verbatim, with
 * leading and trailing blank lines removed; section divider lines (starting with {@code -- ====}) belong
 * to no entry. Tags: {@code @needs-volatility},
 * {@code @known-false-rejection <why>} (the rest of the line is the reason) and {@code @escapes}
 * ({@code \}{@code uXXXX} sequences in the SQL are decoded, for invisible characters).
 *
 * <p>Parsing is strict: an unknown category, expectation or tag fails with the file and line, so a
 * typo cannot silently drop an entry from a test.
 */
public final class SqlCorpus {

    /** What a test must observe for an entry. */
    public enum Expectation {
        /** The validator refuses it ({@code Query rejected: …}). */
        REJECTED,
        /** A limit (timeout, cap) stops it; it may pass the validator. */
        LIMITED,
        /**
         * It passes the validator and runs as the harmless statement the validator read: the call
         * succeeds (it would fail or change a canary if PostgreSQL read the text otherwise, e.g. with a
         * role's {@code standard_conforming_strings = off}).
         */
        HARMLESS,
        /** The validator accepts it and it runs without error. */
        ACCEPTED
    }

    /** The hostile category whose entries only the relation policy refuses, with schema and table lists set. */
    public static final String DENIED_RELATION = "denied-relation";

    /** Categories of {@code hostile.sql}, in the file's order. */
    public static final List<String> HOSTILE_CATEGORIES = List.of("stacked-statements", "transaction-control",
            "session-and-role", "data-modifying-cte", "select-into", "locking", "explain-analyze-dml", "copy",
            "do-and-call", "side-effecting-functions", "obfuscation", "resource-exhaustion", DENIED_RELATION);

    /** Categories of {@code benign.sql}. */
    public static final List<String> BENIGN_CATEGORIES = List.of("joins", "window-functions", "filter",
            "grouping-sets", "distinct-on", "lateral", "recursive-cte", "json", "arrays", "ranges", "regex",
            "casts", "generate-series", "tricky-literals", "comments", "explain", "analytics", "operators", "math",
            "strings", "binary-and-bits", "formatting", "date-time", "special-types", "text-search", "xml", "subqueries",
            "set-operations", "aggregates", "system-info");

    /** Tag: only the pg_proc volatility policy rejects this entry. */
    public static final String NEEDS_VOLATILITY = "@needs-volatility";
    /** Tag: a valid query the validator still refuses (reason in {@link Entry#note()}). */
    public static final String KNOWN_FALSE_REJECTION = "@known-false-rejection";
    private static final String ESCAPES = "@escapes";
    private static final Set<String> TAGS = Set.of(NEEDS_VOLATILITY, KNOWN_FALSE_REJECTION, ESCAPES);

    private static final String ENTRY = "-- @entry ";
    /** A section divider line, part of no entry. */
    private static final String SECTION = "-- ====";

    /**
     * One corpus entry.
     *
     * @param file        resource name, e.g. {@code corpus/hostile.sql}
     * @param line        1-based line of the {@code -- @entry} line
     * @param category    one of the file's categories
     * @param expectation what a test must observe
     * @param tags        tags without their arguments (e.g. {@code @needs-volatility})
     * @param note        the reason given after {@code @known-false-rejection}, or empty
     * @param sql         the statement, escapes decoded
     */
    public record Entry(String file, int line, String category, Expectation expectation, Set<String> tags,
                        String note, String sql) {

        /** @return whether the entry carries the tag */
        public boolean has(String tag) {
            return tags.contains(tag);
        }

        /** @return {@code hostile.sql:123 [category]} followed by the SQL, for failure messages */
        public String describe() {
            return file.substring(file.lastIndexOf('/') + 1) + ":" + line + " [" + category + "] " + sql;
        }

        /** @return a one-line display name for a dynamic test */
        public String displayName() {
            String oneLine = sql.replaceAll("\\s+", " ");
            return file.substring(file.lastIndexOf('/') + 1) + ":" + line + " [" + category + "] "
                    + (oneLine.length() > 100 ? oneLine.substring(0, 97) + "..." : oneLine);
        }
    }

    private static volatile List<Entry> hostile;
    private static volatile List<Entry> benign;

    private SqlCorpus() {
    }

    /**
     * @param e a hostile entry
     * @return whether the validator on its own (no database, no lists) must refuse it: expected
     *         rejected, not {@link #NEEDS_VOLATILITY}, not a {@link #DENIED_RELATION} entry
     */
    public static boolean refusedByTheValidatorAlone(Entry e) {
        return e.expectation() == Expectation.REJECTED && !e.has(NEEDS_VOLATILITY) && !e.category().equals(DENIED_RELATION);
    }

    /** @return the entries of {@code corpus/hostile.sql}, in file order */
    public static List<Entry> hostile() {
        if (hostile == null) {
            hostile = load("corpus/hostile.sql", HOSTILE_CATEGORIES, Set.of(Expectation.REJECTED, Expectation.LIMITED,
                    Expectation.HARMLESS));
        }
        return hostile;
    }

    /** @return the entries of {@code corpus/benign.sql}, in file order */
    public static List<Entry> benign() {
        if (benign == null) {
            benign = load("corpus/benign.sql", BENIGN_CATEGORIES, Set.of(Expectation.ACCEPTED));
        }
        return benign;
    }

    /** @return a test resource as text, e.g. {@code corpus/benign-schema.sql} */
    public static String resource(String name) {
        try (InputStream in = SqlCorpus.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource not found: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }

    /** @return entry count per category, in the given category order */
    public static Map<String, Integer> countByCategory(List<Entry> entries, List<String> categories) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        categories.forEach(c -> counts.put(c, 0));
        entries.forEach(e -> counts.merge(e.category(), 1, Integer::sum));
        return counts;
    }

    static List<Entry> load(String file, List<String> categories, Set<Expectation> expectations) {
        return parse(file, resource(file), categories, expectations);
    }

    /**
     * Parses corpus text (see the class comment).
     *
     * @throws IllegalStateException naming file and line for a malformed entry line or an empty entry
     */
    static List<Entry> parse(String file, String text, List<String> categories, Set<Expectation> expectations) {
        String[] lines = text.split("\r?\n", -1);
        List<Entry> out = new ArrayList<>();
        int headerLine = -1;
        String header = null;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= lines.length; i++) {
            boolean end = i == lines.length;
            if (end || lines[i].startsWith(ENTRY)) {
                if (header != null) {
                    out.add(entry(file, headerLine, header, body.toString(), categories, expectations));
                }
                if (!end) {
                    header = lines[i].substring(ENTRY.length());
                    headerLine = i + 1;
                    body.setLength(0);
                }
            } else if (header != null && !lines[i].startsWith(SECTION)) {
                body.append(lines[i]).append('\n');
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Entry entry(String file, int line, String header, String body, List<String> categories,
                               Set<Expectation> expectations) {
        String where = file + ":" + line;
        String[] words = header.trim().split("\\s+");
        if (words.length < 2) {
            throw new IllegalStateException(where + ": expected '-- @entry <category> <expectation>'");
        }
        String category = words[0];
        if (!categories.contains(category)) {
            throw new IllegalStateException(where + ": unknown category '" + category + "', expected one of " + categories);
        }
        Expectation expectation;
        try {
            expectation = Expectation.valueOf(words[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": unknown expectation '" + words[1] + "'");
        }
        if (!expectations.contains(expectation)) {
            throw new IllegalStateException(where + ": expectation '" + words[1] + "' not allowed in this file");
        }
        Set<String> tags = new TreeSet<>();
        String note = "";
        for (int w = 2; w < words.length; w++) {
            String tag = words[w];
            if (!TAGS.contains(tag)) {
                throw new IllegalStateException(where + ": unknown tag '" + tag + "', expected one of " + TAGS);
            }
            tags.add(tag);
            if (tag.equals(KNOWN_FALSE_REJECTION)) {
                note = String.join(" ", java.util.Arrays.copyOfRange(words, w + 1, words.length));
                if (note.isBlank()) {
                    throw new IllegalStateException(where + ": " + KNOWN_FALSE_REJECTION + " needs a reason");
                }
                break;
            }
        }
        String sql = stripBlankLines(body);
        if (tags.contains(ESCAPES)) {
            sql = unescape(sql);
        }
        if (sql.isBlank()) {
            throw new IllegalStateException(where + ": entry has no SQL");
        }
        return new Entry(file, line, category, expectation, Collections.unmodifiableSet(tags), note,
                Objects.requireNonNull(sql));
    }

    /** Removes leading and trailing lines that are blank, keeping the statement's own whitespace. */
    private static String stripBlankLines(String body) {
        List<String> lines = new ArrayList<>(List.of(body.split("\n", -1)));
        while (!lines.isEmpty() && lines.get(0).isBlank()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return String.join("\n", lines);
    }

    /** Decodes {@code \}{@code uXXXX} (exactly four hex digits); other backslashes stay. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 6 <= s.length() && s.charAt(i + 1) == 'u'
                    && s.substring(i + 2, i + 6).matches("[0-9a-fA-F]{4}")) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
