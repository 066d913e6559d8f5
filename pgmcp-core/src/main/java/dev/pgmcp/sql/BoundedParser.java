package dev.pgmcp.sql;

import dev.pgmcp.sql.SqlRejectedException.Reason;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs JSqlParser with a time limit and turns its failures into one-line
 * {@link SqlRejectedException}s.
 *
 * <p>JSqlParser runs the parse on an executor thread and, when the time limit passes, sets the
 * parser's {@code interrupted} flag so the worker stops; the caller gets control back on time
 * either way. We pass our own executor of daemon threads instead of using
 * {@code CCJSqlParserUtil.parse(String, Consumer)}, which creates a thread pool per call and logs
 * every retry at INFO level. A stack overflow on absurdly nested input also happens on the worker
 * thread and comes back as an ordinary parse failure.
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
                throw new SqlRejectedException(Reason.PARSE_ERROR, describe(second, text, original));
            }
        }
    }

    private static Statement parseOnce(String text, long timeoutMillis, boolean complex) throws JSQLParserException {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(text)
                .withTimeOut(timeoutMillis)
                .withAllowComplexParsing(complex);
        Statements statements = CCJSqlParserUtil.parseStatements(parser, EXECUTOR);
        if (statements == null || statements.size() != 1 || statements.get(0) == null) {
            // Our lexer already removed everything from the first ';' on, so this means JSqlParser
            // saw statement boundaries PostgreSQL does not; refuse rather than guess.
            throw new JSQLParserException("expected exactly one statement");
        }
        return statements.get(0);
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

    private static SqlRejectedException tooComplex() {
        return new SqlRejectedException(Reason.PARSE_ERROR,
                "Syntax error: query too complex to validate (parser time limit exceeded)");
    }

    /** Reduces JSqlParser's multi-line report to "Syntax error at line L, column C: …". */
    static String describe(JSQLParserException e, String parsed, String original) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ParseException pe && pe.currentToken != null) {
                Token bad = pe.currentToken.next != null ? pe.currentToken.next : pe.currentToken;
                String what = bad.kind == 0 || bad.image == null || bad.image.isEmpty()
                        ? "unexpected end of input"
                        : "unexpected token \"" + shorten(bad.image) + "\"";
                return "Syntax error at " + SqlLexer.position(original, offset(parsed, bad.beginLine, bad.beginColumn))
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
