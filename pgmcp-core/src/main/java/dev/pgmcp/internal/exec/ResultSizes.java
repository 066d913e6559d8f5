package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.Column;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Truncation;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How big a {@link QueryResult} is as compact JSON, counted the way the executor's byte cap counts
 * ({@link ExecutionLimits#maxBytes()}), and its first rows only for a caller whose own output would
 * not fit the cap with all of them. Estimates, cheap and not exact: each value by
 * {@link ValueReaders#estimateSize}.
 */
public final class ResultSizes {

    private ResultSizes() {
    }

    /**
     * A result whose {@link QueryResult#estimatedBytes()} is computed from its columns and rows.
     *
     * @param elapsedMillis wall time of the execution, in milliseconds
     */
    public static QueryResult of(List<Column> columns, List<List<Object>> rows, Set<Truncation> truncation, int cutCells,
                                 long elapsedMillis) {
        return new QueryResult(columns, rows, truncation, cutCells, elapsedMillis, estimateBytes(columns, rows));
    }

    /** @return the estimate of a result's compact JSON size, in bytes */
    static long estimateBytes(List<Column> columns, List<List<Object>> rows) {
        long bytes = 2;
        for (Column c : columns) {
            bytes += columnBytes(c.name(), c.type());
        }
        for (List<Object> row : rows) {
            bytes += rowBytes(row);
        }
        return bytes;
    }

    /** @return the bytes one column's name and type take in the result's JSON */
    static long columnBytes(String name, String type) {
        return name.length() + type.length() + 24L;
    }

    /** @return roughly how many bytes one row takes in compact JSON */
    static long rowBytes(List<Object> row) {
        long bytes = 2;
        // By index: the executor's rows are arrays as lists, and an iterator a row was 280 KB of
        // garbage for 10,000 rows.
        for (int i = 0; i < row.size(); i++) {
            bytes += ValueReaders.estimateSize(row.get(i)) + 1;
        }
        return bytes;
    }

    /**
     * The first rows only, for a caller whose own output would not fit the byte cap with all of them
     * (a tool response carries the rows twice: as structured content and as text).
     *
     * @param n how many rows to keep, {@code 0..result.rowCount()}
     * @return {@code result} if {@code n} is its row count, else a copy with {@code n} rows,
     *         {@link Truncation#BYTES} added, and its cut-cell count over the kept rows only
     * @throws IndexOutOfBoundsException if {@code n} is out of range
     */
    public static QueryResult firstRows(QueryResult result, int n) {
        List<List<Object>> rows = result.rows();
        if (n == rows.size()) {
            return result;
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
        t.addAll(result.truncation());
        t.add(Truncation.BYTES);
        if (cut == 0) {
            t.remove(Truncation.CELLS);
        }
        return new QueryResult(result.columns(), kept, t, cut, result.elapsedMillis(), estimateBytes(result.columns(), kept));
    }
}
