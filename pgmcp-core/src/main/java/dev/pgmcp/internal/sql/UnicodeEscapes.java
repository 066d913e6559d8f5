package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.internal.sql.SqlLexer.Kind;
import dev.pgmcp.internal.sql.SqlLexer.Token;
import dev.pgmcp.spi.SqlRejectedException.Reason;

import java.util.List;

/**
 * Rewrites PostgreSQL's Unicode-escape identifiers ({@code U&"d\0061t\+000061"}, optionally
 * followed by {@code UESCAPE '!'}) as the plain quoted identifiers they stand for ({@code "data"}),
 * decoding them exactly as PostgreSQL's {@code str_udeescape} does.
 *
 * <p>Why rewrite rather than refuse or merely look through: a {@code U&"…"} identifier can spell
 * any name ({@code U&"pg\005fsleep"}), so every later check (function denylist, relation policy,
 * token guards) must see the decoded name; and the rewritten text is what is sent to PostgreSQL,
 * so what was checked is exactly what runs, with no second decoder that could disagree.
 *
 * <p>The rewritten identifier is never longer than the original (an escape of 5 or 8 characters
 * becomes one or two, and {@code U&} and the UESCAPE clause disappear); it is padded with spaces,
 * keeping the newlines of the replaced text, so every other character keeps its offset and error
 * positions still point into what the caller wrote.
 */
final class UnicodeEscapes {

    private UnicodeEscapes() {
    }

    /** @return whether any token is a {@code U&"…"} identifier */
    static boolean hasUnicodeIdentifier(List<Token> tokens) {
        for (Token t : tokens) {
            if (t.kind() == Kind.UNICODE_IDENT) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param sql    the text
     * @param tokens its tokens (all of them, trivia included, up to any lexical error)
     * @return the text with every {@code U&"…" [UESCAPE '…']} replaced by {@code "…"} and padding
     * @throws SqlRejectedException PARSE_ERROR for an escape PostgreSQL would refuse
     */
    static String decodeIdentifiers(String sql, List<Token> tokens) {
        StringBuilder out = new StringBuilder(sql.length());
        int copied = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() != Kind.UNICODE_IDENT) {
                continue;
            }
            int end = t.end();
            char escape = '\\';
            int next = nextSignificant(tokens, i + 1);
            if (next >= 0 && tokens.get(next).isKeyword("UESCAPE")) {
                int lit = nextSignificant(tokens, next + 1);
                escape = escapeCharacter(sql, lit < 0 ? null : tokens.get(lit), tokens.get(next));
                end = tokens.get(lit).end();
                i = lit;
            }
            // Between U&" and the closing quote; doubled quotes are one quote, as PostgreSQL's lexer
            // reads them before the escapes are decoded.
            String body = t.text().substring(3, t.text().length() - 1).replace("\"\"", "\"");
            String name = decode(body, escape, sql, t.start());
            if (name.isEmpty()) {
                throw error(sql, t.start(), "zero-length delimited identifier");
            }
            out.append(sql, copied, t.start());
            int before = out.length();
            out.append('"').append(name.replace("\"", "\"\"")).append('"');
            // Pad to the original length, keeping line breaks where they were.
            int written = out.length() - before;
            for (int k = t.start() + written; k < end; k++) {
                char c = sql.charAt(k);
                out.append(c == '\n' || c == '\r' ? c : ' ');
            }
            copied = end;
        }
        out.append(sql, copied, sql.length());
        return out.toString();
    }

    /**
     * The character after {@code UESCAPE}: PostgreSQL wants a one-character string literal that is
     * not a hex digit, {@code +}, a quote or white space.
     */
    private static char escapeCharacter(String sql, Token literal, Token uescape) {
        if (literal == null || literal.kind() != Kind.STRING || literal.text().charAt(0) != '\'') {
            // PostgreSQL also takes E'…' and $$…$$ here; nobody writes that, so refuse rather than decode them too.
            throw error(sql, uescape.start(), "UESCAPE must be followed by a simple string literal");
        }
        String text = literal.text();
        if (text.length() != 3 || !validEscape(text.charAt(1))) {
            throw error(sql, literal.start(), "invalid Unicode escape character");
        }
        return text.charAt(1);
    }

    private static boolean validEscape(char c) {
        return Character.digit(c, 16) < 0 && c != '+' && c != '\'' && c != '"'
                && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f';
    }

    /** PostgreSQL's str_udeescape: escape escape → escape, escape XXXX and escape +XXXXXX → code point. */
    static String decode(String body, char escape, String sql, int at) {
        StringBuilder out = new StringBuilder(body.length());
        int pendingHigh = 0;
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != escape) {
                if (pendingHigh != 0) {
                    throw error(sql, at, "invalid Unicode surrogate pair");
                }
                out.append(c);
                i++;
                continue;
            }
            int codePoint;
            if (i + 1 < body.length() && body.charAt(i + 1) == escape) {
                if (pendingHigh != 0) {
                    throw error(sql, at, "invalid Unicode surrogate pair");
                }
                out.append(escape);
                i += 2;
                continue;
            } else if (isHex(body, i + 1, 4)) {
                codePoint = Integer.parseInt(body.substring(i + 1, i + 5), 16);
                i += 5;
            } else if (i + 1 < body.length() && body.charAt(i + 1) == '+' && isHex(body, i + 2, 6)) {
                codePoint = Integer.parseInt(body.substring(i + 2, i + 8), 16);
                i += 8;
            } else {
                throw error(sql, at, "invalid Unicode escape (must be \\XXXX or \\+XXXXXX)");
            }
            if (codePoint <= 0 || codePoint > Character.MAX_CODE_POINT) {
                throw error(sql, at, "invalid Unicode escape value");
            }
            if (pendingHigh != 0) {
                if (!Character.isLowSurrogate((char) codePoint) || codePoint > 0xFFFF) {
                    throw error(sql, at, "invalid Unicode surrogate pair");
                }
                out.appendCodePoint(Character.toCodePoint((char) pendingHigh, (char) codePoint));
                pendingHigh = 0;
            } else if (codePoint <= 0xFFFF && Character.isHighSurrogate((char) codePoint)) {
                pendingHigh = codePoint;
            } else if (codePoint <= 0xFFFF && Character.isLowSurrogate((char) codePoint)) {
                throw error(sql, at, "invalid Unicode surrogate pair");
            } else {
                out.appendCodePoint(codePoint);
            }
        }
        if (pendingHigh != 0) {
            throw error(sql, at, "invalid Unicode surrogate pair");
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int k = from; k < from + count; k++) {
            if (Character.digit(s.charAt(k), 16) < 0 || s.charAt(k) > 'f') {
                return false;
            }
        }
        return true;
    }

    private static int nextSignificant(List<Token> tokens, int from) {
        for (int k = from; k < tokens.size(); k++) {
            if (!tokens.get(k).isTrivia()) {
                return k;
            }
        }
        return -1;
    }

    private static SqlRejectedException error(String sql, int at, String what) {
        return new SqlRejectedException(Reason.PARSE_ERROR,
                "Syntax error at " + SqlLexer.position(sql, at) + ": " + what);
    }
}
