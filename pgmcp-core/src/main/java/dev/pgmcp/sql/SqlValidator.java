package dev.pgmcp.sql;

import dev.pgmcp.sql.SqlLexer.Kind;
import dev.pgmcp.sql.SqlLexer.Token;
import dev.pgmcp.sql.SqlRejectedException.Reason;
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
 * Unparseable text is always rejected. This is a policy layer in front of, not a replacement for,
 * running the query in a READ ONLY transaction as a low-privilege role.
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

    /** @return {@code new SqlValidator(FunctionPolicy.defaults())} */
    public static SqlValidator withDefaults() {
        return new SqlValidator(FunctionPolicy.defaults());
    }

    /**
     * Checks one query.
     *
     * @param sql the query text; may end in one {@code ;} and may contain {@code $1}, {@code $2}, …
     * @return the accepted statement: trimmed text, kind and number of placeholders to bind
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
        SqlLexer.Result lexed = SqlLexer.tokenizeUntilError(sql);
        List<Token> all = lexed.tokens();

        // 1. Exactly one statement: nothing but trivia may follow the first ';'.
        int end = sql.length();
        List<Token> significant = new ArrayList<>();
        boolean seenSemicolon = false;
        for (Token t : all) {
            if (t.isTrivia()) {
                continue;
            }
            if (seenSemicolon) {
                throw new SqlRejectedException(Reason.MULTIPLE_STATEMENTS,
                        "Only one statement is allowed; found more after the ';' at "
                                + SqlLexer.position(sql, end) + ".");
            }
            if (t.kind() == Kind.SEMICOLON) {
                seenSemicolon = true;
                end = t.start();
                continue;
            }
            if (t.kind() == Kind.UNICODE_IDENT) {
                // U&"…" can spell any name with escapes (U&"pg\005fsleep"); rather than decode
                // them, refuse: an assistant never needs them.
                throw new SqlRejectedException(Reason.PARSE_ERROR, "Syntax error at "
                        + SqlLexer.position(sql, t.start()) + ": Unicode-escaped identifiers (U&\"…\") are not supported");
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

        // A statement of a shape accepted before (same tokens, other literal values) gets the same
        // verdict without being parsed again (see VerdictCache for why that is sound).
        String shape = VerdictCache.key(significant);
        VerdictCache.Verdict known = shape == null ? null : verdicts.get(shape);
        if (known != null) {
            return new ValidatedStatement(body.strip(), known.kind(), known.parameterCount(), known.references());
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

        // 3. Parse and inspect the tree; fall back to the token checks for a better reason when
        //    JSqlParser cannot parse something dangerous.
        String parseText = parseText(all, body, inner.get(0).start());
        Statement statement;
        try {
            statement = BoundedParser.parse(parseText, body, PARSE_TIMEOUT_MILLIS);
        } catch (SqlRejectedException parseError) {
            TokenGuards.check(inner, policy);
            throw parseError;
        }
        if (!(statement instanceof Select)) {
            throw new SqlRejectedException(Reason.NOT_READ_ONLY,
                    notReadOnly(statementName(statement)));
        }
        TreeInspector inspector = new TreeInspector(policy);
        boolean treeComplete = true;
        try {
            inspector.inspect(statement);
        } catch (UnsupportedOperationException finderGap) {
            // JSqlParser's TablesNamesFinder cannot walk some exotic node; the token guards below
            // still enforce every rule, so this is not a hole. The policy is told the tree lists
            // may be incomplete.
            treeComplete = false;
        }
        TokenGuards.check(inner, policy);

        int parameters = 0;
        for (Token t : inner) {
            if (t.kind() == Kind.PARAM) {
                parameters = Math.max(parameters, t.paramNumber());
            }
        }
        References references = new References(inspector.functions(), inspector.relations(),
                callCandidates(inner), identifiers(inner), treeComplete);
        if (shape != null) {
            verdicts.put(shape, new VerdictCache.Verdict(kind, parameters, references));
        }
        return new ValidatedStatement(body.strip(), kind, parameters, references);
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
     * The text handed to JSqlParser: the statement with the EXPLAIN prefix and comments blanked
     * (newlines kept so line/column stay right), every literal whose quoting rules JSqlParser might
     * read differently (backslashes, E'', U&'', $$ quoting, prefixes) replaced by a plain literal of
     * the same length, and {@code TABLE name} written as {@code SELECT * FROM name}, because
     * JSqlParser 5.4 only parses TABLE as a whole statement, not inside a CTE, set operation or
     * parentheses (and not with ONLY).
     */
    private static String parseText(List<Token> all, String body, int innerStart) {
        StringBuilder out = new StringBuilder(body.length() + 16);
        Token prevSignificant = null;
        for (Token t : all) {
            if (t.start() >= body.length()) {
                break;
            }
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
                case ESCAPE_STRING, UNICODE_STRING, DOLLAR_STRING -> neutral(out, text, '\'');
                case QUOTED_IDENT -> {
                    if (text.indexOf('\\') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                        neutral(out, text, '"');
                    } else {
                        out.append(text);
                    }
                }
                case WORD -> {
                    if (t.isKeyword("TABLE") && startsTableQuery(prevSignificant)) {
                        out.append("SELECT * FROM");
                    } else if (t.isKeyword("TIES") && prevSignificant != null && prevSignificant.isKeyword("WITH")
                            && t.start() - prevSignificant.end() > 1) {
                        // JSqlParser 5.4 reads "WITH TIES" as one token with exactly one space in it
                        // ("ROWS WITH\n  TIES" failed): close the gap and pad after, keeping the length.
                        int gap = t.start() - prevSignificant.end();
                        out.setLength(prevSignificant.end());
                        out.append(' ').append(text).append(" ".repeat(gap - 1));
                    } else {
                        out.append(text);
                    }
                }
                default -> out.append(text);
            }
            prevSignificant = t;
        }
        return out.toString();
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
