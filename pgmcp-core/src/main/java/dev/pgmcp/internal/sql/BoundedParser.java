package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.spi.SqlRejectedException.Reason;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * Runs JSqlParser with a time limit and turns its failures into one-line
 * {@link SqlRejectedException}s.
 *
 * <p>Two ways to bound the time, chosen by the input:
 * <ul>
 * <li><b>Ordinary statements</b> (at most {@value #INLINE_MAX_CHARS} characters and
 * {@value #INLINE_MAX_PARENS} parentheses and CASE keywords, which is nearly every query an assistant writes) are
 * parsed on the calling thread, and a watchdog sets the parser's {@code interrupted} flag when the
 * time limit passes. Handing the parse to another thread and back cost more than the parse itself
 * for a short statement (two thread wake-ups per call), and far more on a loaded machine.</li>
 * <li><b>Long or deeply nested input</b>, where JSqlParser's backtracking can take long between two
 * checks of its flag and its recursion runs deep, goes to a worker thread as JSqlParser's own
 * {@code parseStatements(parser, executor)} does: the caller gets control back on time whatever the
 * worker does, and a stack overflow happens on the worker's stack. We pass our own executor of
 * daemon threads instead of using {@code CCJSqlParserUtil.parse(String, Consumer)}, which creates a
 * thread pool per call and logs every retry at INFO level.</li>
 * </ul>
 * A parse the watchdog interrupted counts as timed out even if it returned a tree: an interrupted
 * parser may return part of the statement, which must never be validated in place of the whole. So
 * does an inline parse that ran past the limit before the watchdog's thread got to run.
 */
final class BoundedParser {

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "pgmcp-sql-parser-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    /** Longest text parsed on the calling thread; longer text goes to a worker. */
    static final int INLINE_MAX_CHARS = 4096;
    /**
     * Most parentheses and CASE keywords (the two things that nest) in a text parsed on the calling
     * thread: nesting is what makes JSqlParser's parses deep and slow.
     */
    static final int INLINE_MAX_PARENS = 64;

    private static final ScheduledThreadPoolExecutor WATCHDOG = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "pgmcp-sql-parser-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        // Nearly every watchdog is cancelled long before it is due: drop them at once, not when due.
        WATCHDOG.setRemoveOnCancelPolicy(true);
    }

    private BoundedParser() {
    }

    /**
     * Parses text that must hold exactly one statement.
     *
     * <p>First without JSqlParser's "complex parsing" (fast, enough for most queries), then with it,
     * as {@code CCJSqlParserUtil.parse} does; each attempt gets the full time limit.
     *
     * @param text     what JSqlParser reads
     * @param original the text as the caller wrote it, of the same length (offsets match), where
     *                 error positions are reported
     * @throws SqlRejectedException PARSE_ERROR with line/column, or "query too complex to validate"
     */
    static Statement parse(String text, String original, long timeoutMillis) {
        return parse(text, original, IntUnaryOperator.identity(), timeoutMillis);
    }

    /**
     * As {@link #parse(String, String, long)}, for a {@code text} whose offsets differ from
     * {@code original}'s (the validator quotes some words and rewrites some constructs).
     *
     * @param toOriginal maps an offset in {@code text} to the offset in {@code original} it came from
     */
    static Statement parse(String text, String original, IntUnaryOperator toOriginal, long timeoutMillis) {
        try {
            return parseOnce(text, timeoutMillis, false);
        } catch (JSQLParserException first) {
            if (isTimeout(first)) {
                throw tooComplex();
            }
            try {
                return parseOnce(text, timeoutMillis, true);
            } catch (JSQLParserException second) {
                if (isTimeout(second)) {
                    throw tooComplex();
                }
                throw new SqlRejectedException(Reason.PARSE_ERROR, describe(second, text, original, toOriginal));
            }
        }
    }

    private static Statement parseOnce(String text, long timeoutMillis, boolean complex) throws JSQLParserException {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(text)
                .withTimeOut(timeoutMillis)
                .withAllowComplexParsing(complex);
        Statements statements = inline(text)
                ? parseOnCallingThread(parser, timeoutMillis)
                : CCJSqlParserUtil.parseStatements(parser, EXECUTOR);
        if (statements == null || statements.size() != 1 || statements.get(0) == null) {
            // Our lexer already removed everything from the first ';' on, so this means JSqlParser
            // saw statement boundaries PostgreSQL does not; refuse rather than guess.
            throw new JSQLParserException("expected exactly one statement");
        }
        return statements.get(0);
    }

    /** @return whether {@code text} is short and shallow enough to parse on the calling thread */
    static boolean inline(String text) {
        if (text.length() > INLINE_MAX_CHARS) {
            return false;
        }
        // '(' and CASE are what nest in SQL; counting them bounds the depth without a lexer pass.
        int nesting = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean opens = c == '(' || ((c == 'c' || c == 'C') && text.regionMatches(true, i, "case", 0, 4));
            if (opens && ++nesting > INLINE_MAX_PARENS) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code parser.Statements()} here, with a watchdog that interrupts it after the time limit;
     * failures are wrapped as {@code CCJSqlParserUtil.parseStatements} wraps them.
     */
    private static Statements parseOnCallingThread(CCJSqlParser parser, long timeoutMillis) throws JSQLParserException {
        long start = System.nanoTime();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            parser.interrupted = true;
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        Statements statements = null;
        Throwable failure = null;
        try {
            statements = parser.Statements();
        } catch (Exception | StackOverflowError e) {
            failure = e;
        } finally {
            watchdog.cancel(false);
        }
        // Past the limit counts as timed out even when the watchdog's thread did not get to run in time
        // (a busy machine): the limit holds whatever the scheduling.
        if (parser.interrupted || System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
            throw new JSQLParserException("Time out occurred.", new TimeoutException());
        }
        if (failure != null) {
            throw new JSQLParserException(failure);
        }
        return statements;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof InterruptedException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static final String TOO_COMPLEX = "Syntax error: query too complex to validate (parser time limit exceeded)";

    private static SqlRejectedException tooComplex() {
        return new SqlRejectedException(Reason.PARSE_ERROR, TOO_COMPLEX);
    }

    /** @return whether {@link #parse} gave up at its time limit (rather than at a token it cannot read) */
    static boolean timedOut(SqlRejectedException e) {
        return TOO_COMPLEX.equals(e.getMessage());
    }

    /** Reduces JSqlParser's multi-line report to "Syntax error at line L, column C: …". */
    static String describe(JSQLParserException e, String parsed, String original) {
        return describe(e, parsed, original, IntUnaryOperator.identity());
    }

    private static String describe(JSQLParserException e, String parsed, String original, IntUnaryOperator toOriginal) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ParseException pe && pe.currentToken != null) {
                Token bad = pe.currentToken.next != null ? pe.currentToken.next : pe.currentToken;
                String what = bad.kind == 0 || bad.image == null || bad.image.isEmpty()
                        ? "unexpected end of input"
                        : "unexpected token \"" + shorten(bad.image) + "\"";
                return "Syntax error at " + SqlLexer.position(original,
                        toOriginal.applyAsInt(offset(parsed, bad.beginLine, bad.beginColumn)))
                        + ": " + what;
            }
            if (t instanceof StackOverflowError) {
                return "Syntax error: query too deeply nested to validate";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "Syntax error: " + shorten(firstLine(msg));
    }

    /** The character offset of a 1-based line and column of {@code text}. */
    static int offset(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', offset);
            if (nl < 0) {
                return text.length();
            }
            offset = nl + 1;
        }
        return Math.min(text.length(), offset + Math.max(0, column - 1));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String shorten(String s) {
        String one = firstLine(s);
        return one.length() > 80 ? one.substring(0, 77) + "..." : one;
    }
}
