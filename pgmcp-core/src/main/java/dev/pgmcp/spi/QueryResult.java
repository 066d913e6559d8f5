package dev.pgmcp.spi;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The rows a query returned, with their columns, never silently cut: every cap that hit is listed in
 * {@code truncation}, and cut values carry a visible marker.
 *
 * <p>Values keep PostgreSQL's meaning in JSON terms, read by any client, JavaScript ones included
 * (whose numbers are doubles; see {@link ValueReaders}), the same whether pgJDBC received them as
 * text or, as it does for some types once it has prepared a statement, in binary:
 * <ul>
 *   <li>{@code int2}, {@code int4}, {@code oid}: numbers ({@link Integer}, {@link Long});</li>
 *   <li>{@code int8}: a number ({@link Long}) within ±(2^53−1), JavaScript's
 *       {@code Number.MAX_SAFE_INTEGER}; beyond it, its exact decimal text ({@link String}), as
 *       9007199254740993 would otherwise read as 9007199254740992;</li>
 *   <li>{@code numeric}: its exact decimal text, {@code NaN} and infinities included;</li>
 *   <li>{@code float4}/{@code float8}: numbers ({@link Double}; a {@code real} as its decimal text
 *       says), NaN and infinities as strings;</li>
 *   <li>{@code bool}: booleans;</li>
 *   <li>{@code json}/{@code jsonb}: PostgreSQL's text of the value, exactly, in one of two forms. An
 *       object or array that a JSON reader gets back exactly (no object in it repeats a key, and
 *       every number in it is the same number through a double: finite, its shortest decimal the
 *       same number, and within ±2^53 when written as an integer) is that text as JSON itself
 *       (written verbatim: {@code 2.50} stays {@code 2.50}). Every other value is
 *       the text in a JSON string ({@link String}): a scalar ({@code "1"}, {@code ""a""},
 *       {@code "true"}, {@code "null"}), or an object or array with a repeated key or a number such as
 *       {@code 12345678901234567890.5}, {@code 0.10000000000000000001} or {@code 1e400}. So in a
 *       json column a string is always JSON text to parse, an object or array is the value itself,
 *       and a JSON {@code null} (the string {@code "null"}) is never SQL NULL;</li>
 *   <li>arrays: JSON arrays (nested for each further dimension) whose elements are exactly what a
 *       scalar of the element type is ({@code int8[]}, {@code jsonb[]}, {@code interval[]},
 *       {@code timestamp[]}...), whether pgJDBC received the array as text or in binary. An array
 *       whose dimensions do not all start at 1 ({@code '[0:2]={10,20,30}'::int[]},
 *       {@code array_fill(0, ARRAY[3], ARRAY[2])}) is PostgreSQL's text of it in a string
 *       ({@code "[0:2]={10,20,30}"}), as a JSON array has no place for its bounds;</li>
 *   <li>timestamps: ISO-8601 strings ({@code timestamptz} in UTC with its offset); {@code bytea}:
 *       base64; {@code uuid}, {@code interval} (ISO-8601 duration) and every other type:
 *       PostgreSQL's text;</li>
 *   <li>SQL NULL: {@code null}.</li>
 * </ul>
 * A value cut at the cell cap is a string or an array ending with a marker (the engine's cell cap).
 *
 * @param columns       the result's columns, in order
 * @param rows          the rows read, each a list with one value per column
 * @param truncation    the caps that hit, in {@link Truncation} order (empty when nothing was cut)
 * @param cutCells      how many values were cut at the cell cap
 * @param elapsedMillis wall time of the execution, in milliseconds
 * @param estimatedBytes roughly how many bytes the result takes as compact JSON (the estimate the
 *                      byte cap is checked against; cheap, not exact)
 * @param servedBy      which server ran the statement: the database's primary, or one of its standbys
 *                      (read replicas)
 * @param maxStalenessMillis how far behind the primary the rows may be, in milliseconds: 0 on the
 *                      primary; on a standby, its replay lag when last measured plus the age of that
 *                      measurement (an upper bound, not an exact lag)
 * @see Queries
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows, Set<Truncation> truncation, int cutCells,
                          long elapsedMillis, long estimatedBytes, ServedBy servedBy, long maxStalenessMillis) {

    /** The server a statement ran on. */
    public enum ServedBy {
        /** The database's primary server: the rows are current. */
        PRIMARY,
        /** A streaming standby (read replica) of the database: the rows may lag the primary's. */
        STANDBY;

        /** @return the name as results show it: {@code primary} or {@code standby} */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @throws NullPointerException     when {@code servedBy} is null
     * @throws IllegalArgumentException when {@code maxStalenessMillis} is negative
     */
    public QueryResult {
        truncation = truncation.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(truncation));
        java.util.Objects.requireNonNull(servedBy, "servedBy");
        if (maxStalenessMillis < 0) {
            throw new IllegalArgumentException("maxStalenessMillis must not be negative: " + maxStalenessMillis);
        }
    }

    /** A result the primary served (staleness 0); the components as in the record's description. */
    public QueryResult(List<Column> columns, List<List<Object>> rows, Set<Truncation> truncation, int cutCells,
                       long elapsedMillis, long estimatedBytes) {
        this(columns, rows, truncation, cutCells, elapsedMillis, estimatedBytes, ServedBy.PRIMARY, 0);
    }

    /**
     * @param server    where the statement ran
     * @param staleness how far behind the primary the rows may be, in milliseconds (0 on the primary)
     * @return this result, said to come from {@code server}
     */
    public QueryResult servedBy(ServedBy server, long staleness) {
        return new QueryResult(columns, rows, truncation, cutCells, elapsedMillis, estimatedBytes, server, staleness);
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
