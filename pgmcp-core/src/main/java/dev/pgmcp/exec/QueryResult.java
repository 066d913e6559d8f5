package dev.pgmcp.exec;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The rows a query returned, with their columns, never silently cut: every cap that hit is listed in
 * {@code truncation}, and cut values carry a visible marker (see {@link CellCap}).
 *
 * <p>Values keep PostgreSQL's meaning in JSON terms (see {@link ValueReaders}): integers and
 * booleans as JSON numbers and booleans, {@code numeric} as an exact decimal string,
 * {@code float4}/{@code float8} as numbers (NaN and infinities as strings), timestamps as ISO-8601
 * strings ({@code timestamptz} with its offset), {@code json}/{@code jsonb} as JSON, arrays as JSON
 * arrays, {@code bytea} as base64, {@code uuid}, {@code interval} (ISO-8601 duration) and every
 * other type as PostgreSQL's text, SQL NULL as {@code null}.
 *
 * @param columns       the result's columns, in order
 * @param rows          the rows read, each a list with one value per column
 * @param truncation    the caps that hit, in {@link Truncation} order (empty when nothing was cut)
 * @param cutCells      how many values were cut at the cell cap
 * @param elapsedMillis wall time of the execution, in milliseconds
 * @param estimatedBytes roughly how many bytes the result takes as compact JSON (the estimate the
 *                      byte cap is checked against; cheap, not exact)
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows, Set<Truncation> truncation, int cutCells,
                          long elapsedMillis, long estimatedBytes) {

    public QueryResult {
        truncation = truncation.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(truncation));
    }

    /** A result whose {@link #estimatedBytes()} is computed from its columns and rows. */
    public QueryResult(List<Column> columns, List<List<Object>> rows, Set<Truncation> truncation, int cutCells,
                       long elapsedMillis) {
        this(columns, rows, truncation, cutCells, elapsedMillis, estimateBytes(columns, rows));
    }

    /** The executor's estimate of a result's compact JSON size: its byte cap counts the same way. */
    static long estimateBytes(List<Column> columns, List<List<Object>> rows) {
        long bytes = 2;
        for (Column c : columns) {
            bytes += columnBytes(c.name(), c.type());
        }
        for (List<Object> row : rows) {
            bytes += 2;
            for (Object v : row) {
                bytes += ValueReaders.estimateSize(v) + 1;
            }
        }
        return bytes;
    }

    static long columnBytes(String name, String type) {
        return name.length() + type.length() + 24L;
    }

    /**
     * @param row one row of a result
     * @return roughly how many bytes the row takes in compact JSON, counted as the byte cap counts
     */
    static long estimateRowBytes(List<Object> row) {
        long bytes = 2;
        for (Object v : row) {
            bytes += ValueReaders.estimateSize(v) + 1;
        }
        return bytes;
    }

    /**
     * The first rows only, for a caller whose own output would not fit the byte cap with all of them
     * (a tool response carries the rows twice: as structured content and as text).
     *
     * @param n how many rows to keep, {@code 0..rowCount()}
     * @return this result if {@code n == rowCount()}, else a copy with {@code n} rows, {@link Truncation#BYTES}
     *         added, and {@link #cutCells()} counting the cut values of the kept rows only
     * @throws IndexOutOfBoundsException if {@code n} is out of range
     */
    public QueryResult firstRows(int n) {
        if (n == rows.size()) {
            return this;
        }
        List<List<Object>> kept = List.copyOf(rows.subList(0, n));
        int cut = 0;
        for (List<Object> row : kept) {
            for (Object v : row) {
                if (CellCap.isCut(v)) {
                    cut++;
                }
            }
        }
        Set<Truncation> t = EnumSet.noneOf(Truncation.class);
        t.addAll(truncation);
        t.add(Truncation.BYTES);
        if (cut == 0) {
            t.remove(Truncation.CELLS);
        }
        long bytes = 2;
        for (Column c : columns) {
            bytes += columnBytes(c.name(), c.type());
        }
        for (List<Object> row : kept) {
            bytes += estimateRowBytes(row);
        }
        return new QueryResult(columns, kept, t, cut, elapsedMillis, bytes);
    }

    /** @return the number of rows returned (after any cut) */
    public int rowCount() {
        return rows.size();
    }

    /** @return whether any cap hit (rows left out, or values cut) */
    public boolean truncated() {
        return !truncation.isEmpty();
    }

    /** @return whether rows were left out (the row or byte cap hit), so {@link #rowCount()} is not the full count */
    public boolean moreRows() {
        return truncation.contains(Truncation.ROWS) || truncation.contains(Truncation.BYTES);
    }
}
