package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits PostgreSQL text into tokens the way the PostgreSQL server does, as far as matters for
 * safety: where string literals ({@code '…'}, {@code E'…'} with backslash escapes, {@code B/X/N/U&'…'}),
 * dollar-quoted strings ({@code $tag$…$tag$}), quoted identifiers and comments (line and nested
 * block) begin and end, and where the {@code ;} statement separators, {@code $n} placeholders and
 * {@code ?} operator characters are.
 *
 * <p>Why our own lexer: JSqlParser 5.4 disagrees with PostgreSQL on some of these (it cuts
 * {@code $tag$a;b$tag$} and {@code E'a\';b'} short, and silently stops at the first {@code ;}), and
 * pgJDBC splits on {@code ;} itself. Statement boundaries and literal extents must therefore be
 * decided by code that follows PostgreSQL's rules (standard_conforming_strings = on, the default
 * since 9.1), not by JSqlParser.
 */
final class SqlLexer {

    /** Token categories. */
    enum Kind {
        WHITESPACE, LINE_COMMENT, BLOCK_COMMENT,
        /** Unquoted identifier or keyword. */
        WORD,
        /** {@code "…"} identifier. */
        QUOTED_IDENT,
        /** {@code U&"…"} identifier (Unicode escapes). */
        UNICODE_IDENT,
        /** {@code '…'} possibly with a B, X or N prefix: no backslash escapes. */
        STRING,
        /** {@code E'…'}: backslash escapes. */
        ESCAPE_STRING,
        /** {@code U&'…'}. */
        UNICODE_STRING,
        /** {@code $tag$…$tag$}. */
        DOLLAR_STRING,
        /** {@code $1}, {@code $2}, … */
        PARAM,
        NUMBER,
        /** A run of operator characters, e.g. {@code ->>}, {@code ?|}, {@code ::}. */
        OPERATOR,
        LPAREN, RPAREN, SEMICOLON, COMMA, DOT,
        /** Any other single character ({@code [ ] :} and unexpected ones). */
        OTHER
    }

    /** A token: {@code [start, end)} in the source text. */
    record Token(Kind kind, int start, int end, String source) {
        String text() {
            return source.substring(start, end);
        }

        /** Upper-cased text of a WORD, for keyword comparisons. */
        String keyword() {
            return kind == Kind.WORD ? text().toUpperCase(Locale.ROOT) : "";
        }

        boolean isKeyword(String upper) {
            return kind == Kind.WORD && text().equalsIgnoreCase(upper);
        }

        /** Whitespace and comments do not change the meaning of the statement. */
        boolean isTrivia() {
            return kind == Kind.WHITESPACE || kind == Kind.LINE_COMMENT || kind == Kind.BLOCK_COMMENT;
        }

        /** The placeholder number of a PARAM token. */
        int paramNumber() {
            String digits = text().substring(1);
            // Bounded: a number this large is not a real placeholder, and PostgreSQL limits
            // parameters to 65535; clamp rather than overflow.
            if (digits.length() > 6) {
                return Integer.MAX_VALUE;
            }
            return Integer.parseInt(digits);
        }
    }

    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

    private final String src;
    private int pos;

    private SqlLexer(String src) {
        this.src = src;
    }

    /**
     * @return all tokens, trivia included, covering the whole text without gaps
     * @throws SqlRejectedException PARSE_ERROR for an unterminated literal, identifier or comment
     */
    static List<Token> tokenize(String sql) {
        Result r = tokenizeUntilError(sql);
        if (r.error() != null) {
            throw r.error();
        }
        return r.tokens();
    }

    /**
     * The tokens before the first lexical error, and that error (null if none). The validator
     * needs this to tell "{@code SELECT 1; '}" (a second statement, whatever it is) from an
     * unterminated literal inside the only statement.
     */
    static Result tokenizeUntilError(String sql) {
        return new SqlLexer(sql).run();
    }

    /** Tokens up to a lexical error, and the error or null. */
    record Result(List<Token> tokens, SqlRejectedException error, int errorOffset) {
    }

    private Result run() {
        List<Token> out = new ArrayList<>();
        while (pos < src.length()) {
            int start = pos;
            try {
                Kind kind = next();
                out.add(new Token(kind, start, pos, src));
            } catch (SqlRejectedException e) {
                return new Result(out, e, start);
            }
        }
        return new Result(out, null, -1);
    }

    private Kind next() {
        char c = src.charAt(pos);
        if (isSpace(c)) {
            while (pos < src.length() && isSpace(src.charAt(pos))) {
                pos++;
            }
            return Kind.WHITESPACE;
        }
        if (c == '-' && peek(1) == '-') {
            while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
                pos++;
            }
            return Kind.LINE_COMMENT;
        }
        if (c == '/' && peek(1) == '*') {
            blockComment();
            return Kind.BLOCK_COMMENT;
        }
        if (c == '\'') {
            quoted('\'', false);
            return Kind.STRING;
        }
        if (c == '"') {
            quoted('"', false);
            return Kind.QUOTED_IDENT;
        }
        if (c == '$') {
            return dollar();
        }
        if (isIdentStart(c)) {
            return word();
        }
        if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
            number();
            return Kind.NUMBER;
        }
        if (OPERATOR_CHARS.indexOf(c) >= 0) {
            // PostgreSQL: "--" and "/*" inside an operator start a comment.
            while (pos < src.length() && OPERATOR_CHARS.indexOf(src.charAt(pos)) >= 0
                    && !(src.charAt(pos) == '-' && peek(1) == '-')
                    && !(src.charAt(pos) == '/' && peek(1) == '*')) {
                pos++;
            }
            return Kind.OPERATOR;
        }
        pos++;
        return switch (c) {
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case ';' -> Kind.SEMICOLON;
            case ',' -> Kind.COMMA;
            case '.' -> Kind.DOT;
            case ':' -> {
                // "::" cast is an operator in PostgreSQL; keep it together for readability.
                if (peek(0) == ':') {
                    pos++;
                    yield Kind.OPERATOR;
                }
                yield Kind.OTHER;
            }
            default -> Kind.OTHER;
        };
    }

    private Kind word() {
        int start = pos;
        pos++;
        while (pos < src.length() && isIdentPart(src.charAt(pos))) {
            pos++;
        }
        int len = pos - start;
        if (len == 1 && pos < src.length()) {
            char p = Character.toUpperCase(src.charAt(start));
            char q = src.charAt(pos);
            if (q == '\'') {
                if (p == 'E') {
                    quoted('\'', true);
                    return Kind.ESCAPE_STRING;
                }
                if (p == 'B' || p == 'X' || p == 'N') {
                    quoted('\'', false);
                    return Kind.STRING;
                }
            }
            if (p == 'U' && q == '&' && pos + 1 < src.length()) {
                char r = src.charAt(pos + 1);
                if (r == '\'') {
                    pos++;
                    quoted('\'', false);
                    return Kind.UNICODE_STRING;
                }
                if (r == '"') {
                    pos++;
                    quoted('"', false);
                    return Kind.UNICODE_IDENT;
                }
            }
        }
        return Kind.WORD;
    }

    private Kind dollar() {
        int start = pos;
        if (isDigit(peek(1))) {
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
            return Kind.PARAM;
        }
        // Dollar-quote opening delimiter: $$ or $tag$ (tag = identifier without '$').
        int i = pos + 1;
        if (i < src.length() && isIdentStart(src.charAt(i))) {
            i++;
            while (i < src.length() && isIdentPart(src.charAt(i)) && src.charAt(i) != '$') {
                i++;
            }
        }
        if (i < src.length() && src.charAt(i) == '$') {
            String delimiter = src.substring(start, i + 1);
            int close = src.indexOf(delimiter, i + 1);
            if (close < 0) {
                throw unterminated(start, "dollar-quoted string " + delimiter);
            }
            pos = close + delimiter.length();
            return Kind.DOLLAR_STRING;
        }
        pos++;
        return Kind.OTHER;
    }

    private void quoted(char quote, boolean backslashEscapes) {
        int start = pos;
        pos++; // opening quote
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
                continue;
            }
            if (c == quote) {
                if (peek(1) == quote) {
                    pos += 2; // doubled quote is an escaped quote
                    continue;
                }
                pos++;
                return;
            }
            pos++;
        }
        throw unterminated(start, quote == '"' ? "quoted identifier" : "string literal");
    }

    private void blockComment() {
        int start = pos;
        int depth = 0;
        while (pos < src.length()) {
            if (src.charAt(pos) == '/' && peek(1) == '*') {
                depth++;
                pos += 2;
            } else if (src.charAt(pos) == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        throw unterminated(start, "block comment");
    }

    private void number() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (isDigit(c) || c == '.' || c == '_' || Character.isLetter(c)) {
                // Exponent sign: 1e-5, 2E+3.
                if ((c == 'e' || c == 'E') && (peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))) {
                    pos += 2;
                }
                pos++;
            } else {
                return;
            }
        }
    }

    private SqlRejectedException unterminated(int start, String what) {
        return new SqlRejectedException(SqlRejectedException.Reason.PARSE_ERROR,
                "Syntax error at " + position(src, start) + ": unterminated " + what);
    }

    /**
     * "line L, column C" (both 1-based) of an offset; columns count characters as PostgreSQL and
     * editors do (code points: a character outside the BMP is one, not two UTF-16 units).
     */
    static String position(String text, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                col = 1;
            } else if (!Character.isLowSurrogate(c) || i == 0 || !Character.isHighSurrogate(text.charAt(i - 1))) {
                col++;
            }
        }
        return "line " + line + ", column " + col;
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < src.length() ? src.charAt(i) : '\0';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }
}
