package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two ways {@link BoundedParser} bounds a parse: on the calling thread with a watchdog, or on a worker. */
class BoundedParserTest {

    /** A statement within the inline limits that takes JSqlParser a while: a long chain of conditions. */
    static String longChain() {
        return "SELECT 1 FROM t WHERE " + "a = 1 OR b <> 'x' AND ".repeat(170) + "true";
    }

    @Test
    void ordinaryStatementsAreParsedInlineAndLongOrNestedOnesOnAWorker() {
        assertTrue(BoundedParser.inline("SELECT * FROM customers WHERE id = $1"));
        assertTrue(BoundedParser.inline("SELECT " + "(1)+".repeat(BoundedParser.INLINE_MAX_PARENS - 1) + "(1)"));
        assertFalse(BoundedParser.inline("SELECT " + "(1)+".repeat(BoundedParser.INLINE_MAX_PARENS) + "(1)"));
        assertFalse(BoundedParser.inline("SELECT 1 AS " + "x".repeat(BoundedParser.INLINE_MAX_CHARS)));
        String cases = "SELECT " + "CASE WHEN a THEN ".repeat(BoundedParser.INLINE_MAX_PARENS + 1) + "1"
                + " END".repeat(BoundedParser.INLINE_MAX_PARENS + 1);
        assertFalse(BoundedParser.inline(cases), "nested CASE counts as nesting");
    }

    @Test
    void bothWaysParseTheSameStatement() {
        String inline = "SELECT a, count(*) FROM t WHERE b IN (1, 2) GROUP BY a";
        String onWorker = inline + " -- " + "x".repeat(BoundedParser.INLINE_MAX_CHARS);
        assertTrue(BoundedParser.inline(inline));
        assertFalse(BoundedParser.inline(onWorker));
        assertEquals(BoundedParser.parse(inline, inline, 2_000).toString(),
                BoundedParser.parse(onWorker, onWorker, 2_000).toString());
    }

    @Test
    void theWatchdogStopsAnInlineParseThatRunsPastTheTimeLimit() {
        String slow = longChain();
        assertTrue(BoundedParser.inline(slow), "the test needs a statement that is parsed inline");
        assertNotNull(BoundedParser.parse(slow, slow, 60_000), "it parses, given time");
        // A time limit of 0: the watchdog fires while the parse (milliseconds for ~4 kB) is running.
        SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> BoundedParser.parse(slow, slow, 0));
        assertTrue(e.getMessage().contains("too complex to validate"), e.getMessage());
    }

    @Test
    void syntaxErrorsReadTheSameEitherWay() {
        String bad = "SELECT FROM WHERE";
        SqlRejectedException inline = assertThrows(SqlRejectedException.class, () -> BoundedParser.parse(bad, bad, 2_000));
        String padded = bad + " " + " ".repeat(BoundedParser.INLINE_MAX_CHARS);
        SqlRejectedException worker = assertThrows(SqlRejectedException.class, () -> BoundedParser.parse(padded, padded, 2_000));
        assertEquals(inline.getMessage(), worker.getMessage());
        assertTrue(inline.getMessage().startsWith("Syntax error at line 1, column"), inline.getMessage());
    }
}
