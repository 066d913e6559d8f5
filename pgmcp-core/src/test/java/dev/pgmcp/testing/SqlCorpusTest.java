package dev.pgmcp.testing;

import dev.pgmcp.testing.SqlCorpus.Entry;
import dev.pgmcp.testing.SqlCorpus.Expectation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corpus file format, and the size and coverage the corpora must have. */
class SqlCorpusTest {

    private static final List<String> CATS = List.of("a", "b");
    private static final Set<Expectation> ANY = Set.of(Expectation.values());

    @Test
    void entriesAreMultiLineVerbatimWithTagsAndDividersIgnored() {
        List<Entry> entries = SqlCorpus.parse("f.sql", """
                -- header, ignored
                -- @entry a rejected
                SELECT 1;
                -- a comment that belongs to the statement
                DROP TABLE t

                -- ==== section divider, ignored ====
                -- @entry b accepted @known-false-rejection the parser; cannot
                SELECT '\\u0041'
                -- @entry a limited @escapes @needs-volatility
                SELECT '\\u0041'
                """, CATS, ANY);
        assertEquals(3, entries.size());
        Entry first = entries.get(0);
        assertEquals(2, first.line());
        assertEquals("a", first.category());
        assertEquals(Expectation.REJECTED, first.expectation());
        assertEquals("SELECT 1;\n-- a comment that belongs to the statement\nDROP TABLE t", first.sql());
        assertEquals("the parser; cannot", entries.get(1).note());
        assertTrue(entries.get(1).has(SqlCorpus.KNOWN_FALSE_REJECTION));
        assertEquals("SELECT '\\u0041'", entries.get(1).sql());
        assertEquals("SELECT 'A'", entries.get(2).sql());
        assertTrue(entries.get(2).has(SqlCorpus.NEEDS_VOLATILITY));
    }

    @Test
    void malformedEntriesFailWithFileAndLine() {
        String bad = assertThrows(IllegalStateException.class,
                () -> SqlCorpus.parse("f.sql", "-- @entry c rejected\nSELECT 1\n", CATS, ANY)).getMessage();
        assertTrue(bad.startsWith("f.sql:1: unknown category"), bad);
        assertThrows(IllegalStateException.class,
                () -> SqlCorpus.parse("f.sql", "-- @entry a maybe\nSELECT 1\n", CATS, ANY));
        assertThrows(IllegalStateException.class,
                () -> SqlCorpus.parse("f.sql", "-- @entry a rejected @typo\nSELECT 1\n", CATS, ANY));
        assertThrows(IllegalStateException.class,
                () -> SqlCorpus.parse("f.sql", "-- @entry a rejected\n\n-- @entry a rejected\nSELECT 1\n", CATS, ANY));
        assertThrows(IllegalStateException.class,
                () -> SqlCorpus.parse("f.sql", "-- @entry a accepted @known-false-rejection\nSELECT 1\n", CATS, ANY));
        assertThrows(IllegalStateException.class,
                () -> SqlCorpus.parse("f.sql", "-- @entry a accepted\nSELECT 1\n", CATS, Set.of(Expectation.REJECTED)));
    }

    @Test
    void theCorporaAreLargeEnoughAndCoverEveryCategory() {
        Map<String, Integer> hostile = SqlCorpus.countByCategory(SqlCorpus.hostile(), SqlCorpus.HOSTILE_CATEGORIES);
        Map<String, Integer> benign = SqlCorpus.countByCategory(SqlCorpus.benign(), SqlCorpus.BENIGN_CATEGORIES);
        System.err.println("hostile corpus: " + SqlCorpus.hostile().size() + " " + hostile);
        System.err.println("benign corpus: " + SqlCorpus.benign().size() + " " + benign);
        assertTrue(SqlCorpus.hostile().size() >= 200, "hostile corpus: " + SqlCorpus.hostile().size());
        assertTrue(SqlCorpus.benign().size() >= 150, "benign corpus: " + SqlCorpus.benign().size());
        hostile.forEach((category, n) -> assertTrue(n >= 5, "hostile category " + category + " has " + n));
        benign.forEach((category, n) -> assertTrue(n >= 5, "benign category " + category + " has " + n));
        assertEquals(hostile.size(), SqlCorpus.HOSTILE_CATEGORIES.size());
        // Each statement appears once per corpus, so a count is a count of distinct cases.
        assertEquals(SqlCorpus.hostile().size(), SqlCorpus.hostile().stream().map(Entry::sql).distinct().count(),
                "duplicate hostile entries");
        assertEquals(SqlCorpus.benign().size(), SqlCorpus.benign().stream().map(Entry::sql).distinct().count(),
                "duplicate benign entries");
    }
}
