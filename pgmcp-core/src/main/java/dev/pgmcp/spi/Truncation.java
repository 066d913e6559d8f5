package dev.pgmcp.spi;

import java.util.Locale;

/** A cap that cut a result; a result reports every one that hit (see {@link QueryResult#truncation()}). */
public enum Truncation {
    /** The row cap stopped reading: more rows exist. */
    ROWS,
    /** The byte cap stopped reading: more rows exist. */
    BYTES,
    /** At least one value was longer than the cell cap and was cut (the row count is not affected). */
    CELLS;

    /** @return the name used in structured content: {@code rows}, {@code bytes} or {@code cells} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
