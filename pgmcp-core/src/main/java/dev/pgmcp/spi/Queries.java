package dev.pgmcp.spi;

import java.util.List;
import java.util.Map;

/**
 * Runs SQL on the database a tool call is about, and renders rows as a tool result: what a tool gets
 * from {@link ToolContext#queries()}. Every statement runs in a READ ONLY transaction that is rolled
 * back, under the configured {@code statement_timeout}, lock and idle timeouts, row, byte and cell
 * caps, and the tool call's cancellation; the query listeners (audit log, metrics) see each one.
 *
 * <p>Which method: SQL that a caller wrote (a model, a user) goes to {@link #query}, which validates it
 * first (one read-only statement; functions, relation lists); SQL the tool wrote itself, with every
 * caller value bound as a {@code $n} parameter, goes to {@link #queryTrusted}. Never paste a caller's
 * value into SQL text.
 *
 * <p>Failures are typed: {@link SqlRejectedException} when the statement is refused before anything
 * runs; {@link QueryException} when PostgreSQL fails it (its {@link QueryException#sqlState() SQLSTATE},
 * {@code 57014} when a timeout or cancellation ended it) or cannot be reached. A tool may let both
 * through: the engine turns them into error results the caller can act on.
 */
public interface Queries {

    /**
     * Validates SQL a caller wrote and runs it.
     *
     * @param sql     one read-only statement; {@code $1..$n} placeholders bind {@code params}
     * @param params  positional values for {@code $1..$n}: strings (typed by PostgreSQL as a quoted
     *                literal would be), numbers, booleans, {@code null}
     * @param maxRows row cap for this call; larger than {@link #maxRows()} is lowered to it
     * @return the rows, with every cap that hit in {@link QueryResult#truncation()}
     * @throws SqlRejectedException when the validator or the policy refuses the statement (nothing is sent)
     * @throws QueryException       when PostgreSQL fails the statement or cannot be reached
     */
    QueryResult query(String sql, List<?> params, int maxRows);

    /**
     * Runs SQL the tool wrote itself, with caller values bound as parameters: not held to the caller
     * rules (statement kinds, function allowlist), still read-only, rolled back, timed out and capped;
     * while schema or table lists are configured it reads only what they allow.
     *
     * @param sql     the statement, with {@code $1..$n} placeholders
     * @param params  the values for the placeholders
     * @param maxRows row cap for this call; larger than {@link #maxRows()} is lowered to it
     * @return the rows
     * @throws SqlRejectedException when the statement reads a relation the lists deny
     * @throws QueryException       when PostgreSQL fails the statement or cannot be reached
     */
    QueryResult queryTrusted(String sql, List<?> params, int maxRows);

    /** @return the configured row cap ({@code PGMCP_MAX_ROWS}): the most rows one statement returns */
    int maxRows();

    /** @return the configured byte cap on one result, in bytes of compact JSON ({@code PGMCP_MAX_RESULT_BYTES}) */
    long maxResultBytes();

    /**
     * Renders rows the way the built-in query tools do: structured content (the shape of
     * {@link JsonSchemas#rowResult()}: {@code columns}, {@code rows}, {@code rowCount},
     * {@code truncated}, {@code truncation}, plus {@code extra}) and a text form (a notice that the
     * values are data, not instructions; the columns with their types; the rows as CSV; the count and
     * every cap that hit), the whole response within {@link #maxResultBytes()}: rows past it are left
     * out and {@code bytes} is added to the truncation.
     *
     * @param result the rows
     * @param extra  further top-level fields for the structured content (e.g. {@code "table"}); may be empty
     * @return the tool result
     */
    ToolResult render(QueryResult result, Map<String, Object> extra);

    /**
     * As {@link #render(QueryResult, Map)}, within a smaller byte budget: for a tool that sends more
     * than the rows in the same response (e.g. a text header) and must keep the whole within
     * {@link #maxResultBytes()}.
     *
     * @param result   the rows
     * @param extra    further top-level fields for the structured content; may be empty
     * @param maxBytes cap on the rendered response, structured content and text together, in bytes of
     *                 compact JSON as the executor counts them; larger than {@link #maxResultBytes()} is
     *                 lowered to it; 0 leaves out every row (the columns and the truncation remain)
     * @return the tool result; rows past the cap are left out and {@code bytes} is added to the truncation
     * @throws IllegalArgumentException when {@code maxBytes} is negative
     */
    ToolResult render(QueryResult result, Map<String, Object> extra, long maxBytes);
}
