package dev.pgmcp.exec;

import java.util.List;

/**
 * The rows a query returned, with their columns, never silently cut: when a cap stopped reading,
 * {@code truncated} is true and {@code truncation} says which cap.
 *
 * <p>Values keep PostgreSQL's meaning in JSON terms (see {@link ValueReaders}): integers and
 * booleans as JSON numbers and booleans, {@code numeric} as an exact decimal string,
 * {@code float4}/{@code float8} as numbers (NaN and infinities as strings), timestamps as ISO-8601
 * strings ({@code timestamptz} with its offset), {@code json}/{@code jsonb} as JSON, arrays as JSON
 * arrays, {@code bytea} as base64, {@code uuid}, {@code interval} (ISO-8601 duration) and every
 * other type as PostgreSQL's text, SQL NULL as {@code null}.
 *
 * @param columns      the result's columns, in order
 * @param rows         the rows read, each a list with one value per column
 * @param truncated    whether more rows existed than were returned
 * @param truncation   {@code "rows"} (row cap), {@code "bytes"} (byte cap) or {@code null}
 * @param elapsedMillis wall time of the execution, in milliseconds
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows, boolean truncated, String truncation,
                          long elapsedMillis) {

    /** @return the number of rows returned (after any cut) */
    public int rowCount() {
        return rows.size();
    }
}
