package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.internal.sql.SqlLexer.Kind;
import dev.pgmcp.internal.sql.SqlLexer.Token;
import dev.pgmcp.spi.SqlRejectedException.Reason;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a piece of SQL written by an AI assistant may run: exactly one read-only
 * statement (SELECT, VALUES, TABLE, WITH … SELECT, or EXPLAIN without ANALYZE of one of those)
 * that calls no denied function, takes no row locks and creates nothing.
 *
 * <p>How:
 * <ol>
 *   <li>{@link SqlLexer} tokenises the text with PostgreSQL's rules for literals, dollar quotes,
 *       quoted identifiers and nested comments, so the statement boundary ({@code ;}) and the
 *       placeholders are found exactly as the server (and pgJDBC) would find them;</li>
 *   <li>an EXPLAIN prefix is read by {@link ExplainHeader};</li>
 *   <li>the statement is parsed by JSqlParser under a time limit ({@link BoundedParser}) from a
 *       copy of the text in which comments are blanked and risky literals are replaced by neutral
 *       ones of the same length, so JSqlParser and PostgreSQL cannot disagree about where a literal
 *       ends, and error positions still point into the original text;</li>
 *   <li>the tree is walked by {@link TreeInspector}, then {@link TokenGuards} re-checks the rules on
 *       the tokens as a safety net.</li>
 * </ol>
 * The accepted statement carries the functions and relations it refers to ({@link References}) for
 * the database-dependent {@link StatementPolicy} that runs next.
 *
 * <p>JSqlParser's grammar is not PostgreSQL's: it lacks some valid syntax ({@code IS NFC NORMALIZED},
 * {@code GROUP BY DISTINCT}, prefix and jsonpath operators…). A query it cannot parse is still
 * accepted when it starts as a query does and passes every token check, with the stricter
 * {@link TokenGuards#checkWithoutTree} on top and its references taken from the tokens
 * ({@link TokenReferences}, marked incomplete, so the relation lists refuse it and every call candidate
 * gets the function policy). Whether it is valid SQL is then PostgreSQL's to say: a statement that
 * does not parse there runs nothing, and the executor reports it as a syntax error. Text that does not
 * start as a query, or that JSqlParser gave up on at its time limit, is rejected here.
 *
 * <p>This is a policy layer in front of, not a replacement for, running the query in a READ ONLY
 * transaction as a low-privilege role.
 *
 * <p>Accepted statement shapes are remembered ({@link VerdictCache}): the same query with other
 * literal values is answered without parsing again.
 *
 * <p>Instances are thread-safe; their only state is that cache. Create one and reuse it for every
 * call.
 */
public final class SqlValidator {

    /** Default for {@link #SqlValidator(FunctionPolicy, int)}: 100,000 characters. */
    public static final int DEFAULT_MAX_LENGTH = 100_000;

    /** How long one JSqlParser attempt may take before the query counts as too complex. */
    static final long PARSE_TIMEOUT_MILLIS = 2_000;

    private static final Set<String> QUERY_STARTS = Set.of("SELECT", "VALUES", "TABLE", "WITH");

    /** Tokens after which a TABLE keyword starts a {@code TABLE name} query. */
    private static final Set<String> TABLE_QUERY_PREDECESSORS = Set.of("UNION", "INTERSECT", "EXCEPT", "ALL", "DISTINCT");

    private final FunctionPolicy policy;
    private final int maxLength;
    private final VerdictCache verdicts = new VerdictCache();

    /**
     * @param policy functions to reject; use {@link FunctionPolicy#defaults()} unless you extend it
     */
    public SqlValidator(FunctionPolicy policy) {
        this(policy, DEFAULT_MAX_LENGTH);
    }

    /**
     * @param policy    functions to reject
     * @param maxLength longest accepted input, in characters (TOO_LONG beyond); bounds parse cost
     * @throws IllegalArgumentException if {@code maxLength < 1}
     */
    public SqlValidator(FunctionPolicy policy, int maxLength) {
        this.policy = Objects.requireNonNull(policy, "policy");
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** @return the functions this validator rejects */
    public FunctionPolicy functionPolicy() {
        return policy;
    }

    /** @return {@code new SqlValidator(FunctionPolicy.defaults())} */
    public static SqlValidator withDefaults() {
        return new SqlValidator(FunctionPolicy.defaults());
    }

    /**
     * Checks one query.
     *
     * @param sql the query text; may end in {@code ;} (more than one: empty statements) and may
     *            contain {@code $1}, {@code $2}, …
     * @return the accepted statement: trimmed text without the {@code ;}, with any Unicode-escape
     *         identifier ({@code U&"…"}) written as the plain quoted identifier it stands for; kind
     *         and number of placeholders to bind
     * @throws SqlRejectedException with a reason a person understands when the query must not run
     *                              (also for null, empty or comment-only input: EMPTY)
     */
    public ValidatedStatement validate(String sql) {
        if (sql == null) {
            throw new SqlRejectedException(Reason.EMPTY, "The query is empty.");
        }
        if (sql.length() > maxLength) {
            throw new SqlRejectedException(Reason.TOO_LONG,
                    "The query is " + sql.length() + " characters long; the limit is " + maxLength + ".");
        }
        int nul = sql.indexOf('\0');
        if (nul >= 0) {
            // PostgreSQL refuses a zero character anywhere in a query (the protocol ends strings at
            // it); say so here rather than let the server drop the connection over it.
            throw new SqlRejectedException(Reason.PARSE_ERROR, "The query contains a NUL character (U+0000) at "
                    + SqlLexer.position(sql, nul) + "; PostgreSQL does not accept it anywhere in SQL text. "
                    + "Remove it (a zero byte in bytea is written '\\x00'::bytea).");
        }
        SqlLexer.Result lexed = SqlLexer.tokenizeUntilError(sql);
        if (UnicodeEscapes.hasUnicodeIdentifier(lexed.tokens())) {
            // U&"…" can spell any name (U&"pg\005fsleep"): continue with the decoded, same-length
            // text, which is also what runs, so every check below sees the real names.
            sql = UnicodeEscapes.decodeIdentifiers(sql, lexed.tokens());
            lexed = SqlLexer.tokenizeUntilError(sql);
        }
        List<Token> all = lexed.tokens();

        // 1. Exactly one statement: nothing but trivia, and further ';' (empty statements, which
        //    PostgreSQL accepts and ignores), may follow the first ';'.
        int end = sql.length();
        List<Token> significant = new ArrayList<>();
        boolean seenSemicolon = false;
        for (Token t : all) {
            if (t.isTrivia()) {
                continue;
            }
            if (t.kind() == Kind.SEMICOLON) {
                if (!seenSemicolon) {
                    seenSemicolon = true;
                    end = t.start();
                }
                continue;
            }
            if (seenSemicolon) {
                throw new SqlRejectedException(Reason.MULTIPLE_STATEMENTS,
                        "Only one statement is allowed; found more after the ';' at "
                                + SqlLexer.position(sql, end) + ".");
            }
            significant.add(t);
        }
        if (lexed.error() != null) {
            if (seenSemicolon) {
                // Something (even a broken literal) follows the ';': a second statement.
                throw new SqlRejectedException(Reason.MULTIPLE_STATEMENTS,
                        "Only one statement is allowed; found more after the ';' at "
                                + SqlLexer.position(sql, end) + ".");
            }
            throw lexed.error();
        }
        if (significant.isEmpty()) {
            throw new SqlRejectedException(Reason.EMPTY,
                    "The query is empty (only whitespace, comments or ';').");
        }
        String body = sql.substring(0, end);

        // Reads literal values, which shapes leave out: before the cache.
        ServerPathSettings.check(significant);

        // A statement of a shape accepted before (same tokens, other literal values) gets the same
        // verdict without being parsed again (see VerdictCache for why that is sound).
        String shape = VerdictCache.key(significant);
        VerdictCache.Verdict known = shape == null ? null : verdicts.get(shape);
        if (known != null) {
            return new ValidatedStatement(body.strip(), known.kind(), known.parameterCount(), known.references(),
                    jdbc(sql, all, body), shape);
        }

        // 2. Statement kind by its first keyword; EXPLAIN is unwrapped.
        int innerStart = 0;
        StatementKind kind;
        if (significant.get(0).isKeyword("EXPLAIN")) {
            innerStart = ExplainHeader.skip(significant, body);
            Token first = significant.get(innerStart);
            requireQueryStart(first, "EXPLAIN of ");
            kind = StatementKind.EXPLAIN;
        } else {
            kind = requireQueryStart(significant.get(0), "");
        }
        List<Token> inner = significant.subList(innerStart, significant.size());

        // 3. Parse and inspect the tree. Where JSqlParser cannot parse the text, the token checks give a
        //    better reason for something dangerous; a query they pass is a grammar gap of JSqlParser's
        //    or a syntax error, which PostgreSQL's own parser tells apart when the statement is sent
        //    (a statement that does not parse runs nothing).
        ParseText parseText = parseText(all, body, inner.get(0).start());
        int parameters = parameterCount(inner);
        Statement statement;
        try {
            statement = BoundedParser.parse(parseText.text(), body, parseText::toOriginal, PARSE_TIMEOUT_MILLIS);
        } catch (SqlRejectedException parseError) {
            TokenGuards.check(inner, policy);
            if (BoundedParser.timedOut(parseError) || !startsQuery(inner.get(0))) {
                throw parseError;
            }
            TokenGuards.checkWithoutTree(inner, policy);
            References references = TokenReferences.of(inner);
            if (shape != null) {
                verdicts.put(shape, new VerdictCache.Verdict(kind, parameters, references));
            }
            return new ValidatedStatement(body.strip(), kind, parameters, references, jdbc(sql, all, body), shape);
        }
        if (!(statement instanceof Select)) {
            throw new SqlRejectedException(Reason.NOT_READ_ONLY,
                    notReadOnly(statementName(statement)));
        }
        TreeInspector inspector = new TreeInspector(policy);
        boolean treeComplete = true;
        try {
            inspector.inspect(statement);
        } catch (UnsupportedOperationException | NullPointerException finderGap) {
            // JSqlParser's TablesNamesFinder cannot walk some exotic node (it throws on some, and trips
            // over the missing bound of an array slice a[:2] or the missing count of FETCH FIRST ROW
            // ONLY); the token guards below still enforce every rule, so this is not a hole. The policy
            // is told the tree lists may be incomplete.
            treeComplete = false;
        }
        TokenGuards.check(inner, policy);

        References references = new References(inspector.functions(), inspector.relations(),
                callCandidates(inner), identifiers(inner), treeComplete);
        if (shape != null) {
            verdicts.put(shape, new VerdictCache.Verdict(kind, parameters, references));
        }
        return new ValidatedStatement(body.strip(), kind, parameters, references, jdbc(sql, all, body), shape);
    }

    /**
     * A syntax error that PostgreSQL's parser found, for a statement the validator accepted on its
     * tokens (see this class), worded and placed as the validator's own syntax errors are.
     *
     * @param text     the statement as the caller wrote it
     * @param offset   where PostgreSQL's error position points in {@code text} (0-based, in chars)
     * @param message  PostgreSQL's primary message, e.g. {@code syntax error at or near "FROM"}
     * @return PARSE_ERROR: "Syntax error at line L, column C: at or near "FROM""
     */
    public static SqlRejectedException syntaxError(String text, int offset, String message) {
        String what = message.startsWith("syntax error ") ? message.substring("syntax error ".length()) : message;
        return new SqlRejectedException(SqlRejectedException.Reason.PARSE_ERROR,
                "Syntax error at " + SqlLexer.position(text, offset) + ": " + what);
    }

    /** The JDBC text of {@code body.strip()}, from the tokens already read. */
    private static PlaceholderRewriter.Rewritten jdbc(String sql, List<Token> all, String body) {
        int from = 0;
        while (from < body.length() && Character.isWhitespace(body.charAt(from))) {
            from++;
        }
        int to = body.length();
        while (to > from && Character.isWhitespace(body.charAt(to - 1))) {
            to--;
        }
        return PlaceholderRewriter.rewrite(sql, all, from, to);
    }

    /** The highest {@code $n} among the tokens, 0 if none. */
    private static int parameterCount(List<Token> tokens) {
        int parameters = 0;
        for (Token t : tokens) {
            if (t.kind() == Kind.PARAM) {
                parameters = Math.max(parameters, t.paramNumber());
            }
        }
        return parameters;
    }

    /** Whether the token starts a query: SELECT, VALUES, TABLE, WITH or a parenthesis. */
    private static boolean startsQuery(Token first) {
        return first.kind() == Kind.LPAREN || QUERY_STARTS.contains(first.keyword());
    }

    /** @return how many accepted statement shapes this validator remembers (for tests) */
    int cachedShapes() {
        return verdicts.size();
    }

    /**
     * Every identifier directly followed by {@code (}, with the identifier before it when the two are
     * joined by a dot ({@code pg_catalog.pg_sleep(}); the token-level safety net behind the tree's
     * function list. Also every identifier right after a dot and not followed by {@code (}, alone:
     * PostgreSQL's attribute notation ({@code t.fn}, {@code (t).fn}) calls {@code fn(t)} with no
     * parentheses, a call no parser reports.
     */
    static List<QualifiedName> callCandidates(List<Token> tokens) {
        Set<QualifiedName> out = new LinkedHashSet<>();
        for (int i = 1; i < tokens.size(); i++) {
            if (isIdentifier(tokens.get(i)) && tokens.get(i - 1).kind() == Kind.DOT
                    && (i + 1 == tokens.size() || tokens.get(i + 1).kind() != Kind.LPAREN)) {
                QualifiedName attribute = QualifiedName.of(List.of(tokens.get(i).text()));
                if (attribute != null) {
                    out.add(attribute);
                }
            }
            if (tokens.get(i).kind() != Kind.LPAREN || !isIdentifier(tokens.get(i - 1))) {
                continue;
            }
            List<String> parts = new ArrayList<>(2);
            if (i >= 3 && tokens.get(i - 2).kind() == Kind.DOT && isIdentifier(tokens.get(i - 3))) {
                parts.add(tokens.get(i - 3).text());
            }
            parts.add(tokens.get(i - 1).text());
            QualifiedName name = QualifiedName.of(parts);
            if (name != null) {
                out.add(name);
            }
        }
        return new ArrayList<>(out);
    }

    /** Every identifier token, folded. */
    static Set<String> identifiers(List<Token> tokens) {
        Set<String> out = new LinkedHashSet<>();
        for (Token t : tokens) {
            if (isIdentifier(t)) {
                out.add(QualifiedName.fold(t.text()));
            }
        }
        return out;
    }

    private static boolean isIdentifier(Token t) {
        return t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_IDENT;
    }

    static String notReadOnly(String got) {
        return "Only read-only queries are allowed (SELECT, VALUES, TABLE, WITH … SELECT, EXPLAIN); got "
                + got + ".";
    }

    /** Rejects early, with the statement's own keyword in the message, anything not a query. */
    private static StatementKind requireQueryStart(Token first, String prefix) {
        if (first.kind() == Kind.LPAREN) {
            return StatementKind.SELECT;
        }
        String kw = first.keyword();
        if (QUERY_STARTS.contains(kw)) {
            return switch (kw) {
                case "VALUES" -> StatementKind.VALUES;
                case "TABLE" -> StatementKind.TABLE;
                case "WITH" -> StatementKind.WITH_SELECT;
                default -> StatementKind.SELECT;
            };
        }
        if (first.kind() == Kind.WORD) {
            throw new SqlRejectedException(Reason.NOT_READ_ONLY, notReadOnly(prefix + kw));
        }
        // Not a keyword at all: let the parser produce a positioned syntax error.
        return StatementKind.SELECT;
    }

    private static String statementName(Statement statement) {
        String name = statement.getClass().getSimpleName();
        return switch (name) {
            case "Execute" -> "EXECUTE/CALL";
            case "SetStatement" -> "SET";
            case "ResetStatement" -> "RESET";
            case "ShowStatement" -> "SHOW";
            default -> name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
        };
    }

    /**
     * The text handed to JSqlParser, and where each part of it came from in the caller's text: the
     * statement with the EXPLAIN prefix and comments blanked, every literal whose quoting rules
     * JSqlParser might read differently (backslashes, E'', U&'', $$ quoting, prefixes) replaced by a
     * plain literal of the same length, {@code TABLE name} written as {@code SELECT * FROM name}
     * (JSqlParser 5.4 only parses TABLE as a whole statement, not inside a CTE, set operation or
     * parentheses, and not with ONLY), and PostgreSQL syntax JSqlParser does not know rewritten to
     * an equivalent it does:
     * <ul>
     *   <li>the {@code UESCAPE '…'} clause after a {@code U&'…'} string is blanked (the string is
     *       blanked anyway);</li>
     *   <li>{@code OPERATOR(schema.op)} becomes the bare {@code op} (only the operator's precedence
     *       differs, which no check here depends on);</li>
     *   <li>words JSqlParser reserves but PostgreSQL reads as plain identifiers
     *       ({@link #JSQL_ONLY_KEYWORDS}, e.g. {@code semi}, {@code settings}) are double-quoted in
     *       lower case everywhere, which names the same identifier, and PostgreSQL keywords that
     *       JSqlParser refuses as a label ({@link #JSQL_RESERVED_LABELS}) are quoted right after
     *       {@code AS}.</li>
     * </ul>
     * Each rewrite only makes JSqlParser read what PostgreSQL reads; the token checks run on the
     * caller's tokens, not on this text.
     */
    private static ParseText parseText(List<Token> all, String body, int innerStart) {
        StringBuilder out = new StringBuilder(body.length() + 16);
        ParseText.Builder anchors = new ParseText.Builder();
        Token prevSignificant = null;
        int prevSignificantEnd = 0; // where prevSignificant ends in out
        for (int i = 0; i < all.size(); i++) {
            Token t = all.get(i);
            if (t.start() >= body.length()) {
                break;
            }
            anchors.add(out.length(), t.start());
            String text = t.text();
            if (t.start() < innerStart || t.isTrivia()) {
                // Spaces only, newlines included: JSqlParser's grammar reads some line breaks
                // (a '/' alone on a line ends an Oracle statement; "ROWS\nWITH TIES" fails),
                // PostgreSQL's does not. Error positions are mapped back to the original text.
                out.append(" ".repeat(text.length()));
                continue;
            }
            switch (t.kind()) {
                case STRING -> {
                    char first = text.charAt(0);
                    if (first != '\'') {
                        out.append(' '); // B'…', X'…', N'…' → ' …'
                        text = text.substring(1);
                    }
                    if (text.indexOf('\\') >= 0) {
                        neutral(out, text, '\'');
                    } else {
                        out.append(text);
                    }
                }
                case UNICODE_STRING -> {
                    neutral(out, text, '\'');
                    int kw = nextSignificant(all, i + 1, body.length());
                    int lit = kw < 0 || !all.get(kw).isKeyword("UESCAPE") ? -1 : nextSignificant(all, kw + 1, body.length());
                    if (lit >= 0 && all.get(lit).kind() == Kind.STRING) {
                        // U&'…' UESCAPE '!': the clause only changes how the (blanked) string decodes.
                        for (int k = i + 1; k <= lit; k++) {
                            blank(out, all.get(k).text());
                        }
                        i = lit;
                    }
                }
                case ESCAPE_STRING, DOLLAR_STRING -> neutral(out, text, '\'');
                case QUOTED_IDENT -> {
                    if (text.indexOf('\\') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                        neutral(out, text, '"');
                    } else {
                        out.append(text);
                    }
                }
                case WORD -> {
                    String kw = t.keyword();
                    int operator = kw.equals("OPERATOR") ? operatorInConstruct(all, i, body.length()) : -1;
                    if (operator >= 0) {
                        // OPERATOR(pg_catalog.+) → " + ", spaces around so it cannot merge with a neighbour.
                        out.append(' ').append(all.get(operator).text()).append(' ');
                        i = nextSignificant(all, operator + 1, body.length()); // its ')'
                        prevSignificant = all.get(operator);
                        prevSignificantEnd = out.length();
                        continue;
                    } else if (t.isKeyword("TABLE") && startsTableQuery(prevSignificant)) {
                        out.append("SELECT * FROM");
                    } else if (t.isKeyword("TIES") && prevSignificant != null && prevSignificant.isKeyword("WITH")
                            && t.start() - prevSignificant.end() > 1) {
                        // JSqlParser 5.4 reads "WITH TIES" as one token with exactly one space in it
                        // ("ROWS WITH\n  TIES" failed): close the gap and pad after, keeping the length.
                        int gap = out.length() - prevSignificantEnd;
                        out.setLength(prevSignificantEnd);
                        out.append(' ').append(text).append(" ".repeat(Math.max(0, gap - 1)));
                    } else if (JSQL_ONLY_KEYWORDS.contains(kw)
                            || (JSQL_RESERVED_LABELS.contains(kw) && prevSignificant != null && prevSignificant.isKeyword("AS"))) {
                        // PostgreSQL folds the unquoted word to lower case: "word" is the same identifier.
                        out.append('"').append(kw.toLowerCase(Locale.ROOT)).append('"');
                    } else {
                        out.append(text);
                    }
                }
                default -> out.append(text);
            }
            prevSignificant = all.get(i);
            prevSignificantEnd = out.length();
        }
        return anchors.build(out.toString());
    }

    /**
     * Words JSqlParser 5.4 reserves (for other dialects: MySQL, Oracle, ClickHouse, SQL Server…)
     * that PostgreSQL does not have as keywords at all, so it reads them as identifiers anywhere,
     * plus PostgreSQL keywords that have no meaning inside a query ({@code CSV}, {@code FORCE}:
     * COPY options; {@code IMPORT}, {@code STATEMENT}, {@code RETURNS}: DDL; {@code PRIOR}: FETCH).
     * Found by parsing {@code SELECT 1 AS word} for every JSqlParser and PostgreSQL keyword.
     */
    static final Set<String> JSQL_ONLY_KEYWORDS = Set.of("CONNECT_BY_ROOT", "DISTINCTROW", "ERRORS", "EXCLUDES",
            "EXTEND", "FBV", "FINAL", "INCLUDES", "MINUS", "NOCYCLE", "OUTPUT", "PIVOT", "PREFERRING", "PREWHERE",
            "SAMPLE", "SCRIPT", "SEMI", "SETTINGS", "SQL_CACHE", "SQL_CALC_FOUND_ROWS", "SQL_NO_CACHE", "UNPIVOT",
            "USE", "VERIFY", "XOR", "CSV", "FORCE", "IMPORT", "STATEMENT", "RETURNS", "PRIOR");

    /**
     * PostgreSQL keywords that are not reserved there and that PostgreSQL accepts as a label after
     * {@code AS} ({@code SELECT x AS full}), but that JSqlParser 5.4 refuses there. They mean
     * something in a query elsewhere ({@code IS UNKNOWN}, {@code UNBOUNDED PRECEDING}, {@code FULL
     * JOIN}), so they are quoted only in that position.
     */
    static final Set<String> JSQL_RESERVED_LABELS = Set.of("ABSENT", "BETWEEN", "CROSS", "CURRENT", "EXISTS",
            "FULL", "ILIKE", "INNER", "IS", "JOIN", "LIKE", "NATURAL", "OUTER", "TABLESAMPLE", "UNBOUNDED",
            "UNKNOWN", "XMLSERIALIZE");

    /**
     * If {@code all[i]} (the word OPERATOR) starts {@code OPERATOR ( [name .]... op )}, comments and
     * white space allowed between the parts as in PostgreSQL, the index of the {@code op} token; else -1.
     */
    private static int operatorInConstruct(List<Token> all, int i, int limit) {
        int k = nextSignificant(all, i + 1, limit);
        if (k < 0 || all.get(k).kind() != Kind.LPAREN) {
            return -1;
        }
        k = nextSignificant(all, k + 1, limit);
        while (k >= 0 && (all.get(k).kind() == Kind.WORD || all.get(k).kind() == Kind.QUOTED_IDENT)) {
            int dot = nextSignificant(all, k + 1, limit);
            if (dot < 0 || all.get(dot).kind() != Kind.DOT) {
                return -1;
            }
            k = nextSignificant(all, dot + 1, limit);
        }
        if (k < 0 || all.get(k).kind() != Kind.OPERATOR) {
            return -1;
        }
        int close = nextSignificant(all, k + 1, limit);
        return close >= 0 && all.get(close).kind() == Kind.RPAREN ? k : -1;
    }

    private static int nextSignificant(List<Token> all, int from, int limit) {
        for (int k = from; k < all.size() && all.get(k).start() < limit; k++) {
            if (!all.get(k).isTrivia()) {
                return k;
            }
        }
        return -1;
    }

    private static void blank(StringBuilder out, String text) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            out.append(c == '\n' || c == '\r' ? c : ' ');
        }
    }

    private static boolean startsTableQuery(Token prev) {
        return prev == null || prev.kind() == Kind.LPAREN || prev.kind() == Kind.RPAREN
                || TABLE_QUERY_PREDECESSORS.contains(prev.keyword());
    }

    /** A literal of the same length whose content cannot be misread: quote, blanks, quote. */
    private static void neutral(StringBuilder out, String text, char quote) {
        int n = text.length();
        out.append(quote);
        for (int i = 1; i < n - 1; i++) {
            char c = text.charAt(i);
            out.append(c == '\n' || c == '\r' ? c : (quote == '"' ? 'x' : ' '));
        }
        out.append(quote);
    }
}
