package dev.pgmcp.internal.tools;

import dev.pgmcp.internal.exec.ResultSizes;
import dev.pgmcp.spi.Column;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.spi.Truncation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place query results become tool results, shared by every tool that returns rows, so that
 * all of them have the same structured shape and the same compact text.
 */
public final class Render {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * First line of the text of every result that carries values read from the database, so that a
     * model treats stored text as data even when it reads like an instruction (prompt injection
     * through stored data). Structured content carries no notice: it stays pure data.
     */
    public static final String UNTRUSTED_NOTICE = ToolResult.UNTRUSTED_NOTICE;

    /** The line before the rows of a text result, saying how to read them (see {@link CsvRows}). */
    public static final String CSV_NOTICE = "rows as CSV (an empty field is NULL, \"\" an empty string):";

    /**
     * The output schema of a row result, {@link JsonSchemas#rowResult()}: {@code columns} (name and
     * PostgreSQL type), {@code rows} (arrays of values in column order), {@code rowCount},
     * {@code truncated} and, when truncated, {@code truncation} (every cap that hit: {@code rows},
     * {@code bytes}, {@code cells}) and, when values were cut, {@code cutCells}. Other properties
     * (a tool's own, such as {@code table}) are allowed.
     */
    public static final Map<String, Object> ROWS_SCHEMA = JsonSchemas.rowResult().build();

    /**
     * The input schema of a {@code limit} on a query's rows: an integer, by default and at most the
     * server's row cap ({@code PGMCP_MAX_ROWS}); the tool refuses one below 1. The tool's description
     * says that results are capped.
     */
    public static final Map<String, Object> ROW_LIMIT = JsonSchemas.type("integer");

    private Render() {
    }

    /**
     * As {@link #rows(QueryResult, Map, long)} with no byte cap of its own: the response carries the
     * rows twice (structured and as text), so it can be about twice the executor's byte cap. Tools
     * that answer a caller should pass the cap.
     */
    public static ToolResult rows(QueryResult result, Map<String, Object> extra) {
        return rows(result, extra, Long.MAX_VALUE);
    }

    /**
     * @param result   the rows
     * @param extra    further top-level fields for the structured content (e.g. {@code table}), may be empty
     * @param maxBytes cap on the whole response, structured content and text together (approximate
     *                 encoded size, as the executor counts it; normally
     *                 {@code context.queries().maxResultBytes()}): rows that would go past it are
     *                 left out and {@code bytes} is added to the truncation
     * @return structured content per {@link #ROWS_SCHEMA} plus a compact text form: the
     * {@link #UNTRUSTED_NOTICE}, a header line with the columns and their types, the
     * {@link #CSV_NOTICE}, one CSV line per row ({@link CsvRows}), and a closing line with the count
     * and every cap that hit
     */
    public static ToolResult rows(QueryResult result, Map<String, Object> extra, long maxBytes) {
        List<Map<String, Object>> columns = new ArrayList<>(result.columns().size());
        // Sized once from the executor's JSON estimate, which CSV does not exceed by much: no regrowth
        // (each doubling copied the text so far; a 10,000-row text is ~1 MB).
        long expected = 512 + result.estimatedBytes();
        StringBuilder text = new StringBuilder((int) Math.min(1 << 30, Math.min(expected, maxBytes)))
                .append(UNTRUSTED_NOTICE).append("\ncolumns: ");
        for (int i = 0; i < result.columns().size(); i++) {
            Column c = result.columns().get(i);
            columns.add(fields("name", c.name(), "type", c.type()));
            text.append(i == 0 ? "" : ", ").append(c.name()).append(" (").append(c.type()).append(')');
        }
        text.append('\n').append(CSV_NOTICE).append('\n');
        // What the response takes besides the rows: the columns, the other keys and extra fields, the
        // text so far and its closing line.
        long used = columnsLength(result.columns()) + encodedLength(text, 0) + ENVELOPE_BYTES
                + (extra.isEmpty() ? 0 : json(extra).length());
        boolean[] real = new boolean[result.columns().size()];
        for (int i = 0; i < real.length; i++) {
            real[i] = "float4".equals(result.columns().get(i).type());
        }
        int kept = 0;
        for (List<Object> row : result.rows()) {
            int mark = text.length();
            long escapes = CsvRows.append(text, row, real);
            text.append('\n');
            // The row's CSV line as JSON text (its line break written \n), and (bounded by it) the row
            // as a JSON array: each value is in the line with at least the escapes JSON needs ('"'
            // doubled in CSV, then escaped), and JSON adds at most 4 characters a value (quotes, null)
            // plus brackets and comma. CSV counted the escapes while it wrote the line.
            long line = text.length() - mark + escapes + 1;
            long add = 2 * line + 4L * row.size() + 3;
            if (used + add > maxBytes) {
                text.setLength(mark);
                break;
            }
            used += add;
            kept++;
        }
        QueryResult shown = ResultSizes.firstRows(result, kept);
        Map<String, Object> content = new LinkedHashMap<>(extra);
        content.put("columns", columns);
        content.put("rows", shown.rows());
        content.put("rowCount", shown.rowCount());
        content.put("truncated", shown.truncated());
        if (shown.truncated()) {
            content.put("truncation", shown.truncation().stream().map(Truncation::label).toList());
        }
        if (shown.cutCells() > 0) {
            content.put("cutCells", shown.cutCells());
        }
        return ToolResult.of(content, text.append(summary(shown)).toString());
    }

    /**
     * Bytes of a row response outside the columns, rows and text lines: the structured keys
     * ({@code rowCount}, {@code truncated}, {@code truncation}, {@code cutCells}), the closing line of
     * the text (at most about 200 characters) and the result envelope around both.
     */
    private static final long ENVELOPE_BYTES = 512;

    /**
     * Characters of the structured content's {@code columns} as JSON, {@code [{"name":"id","type":"int4"},...]},
     * counted without writing them (every call with rows needs the figure, and only the figure).
     */
    static long columnsLength(List<Column> columns) {
        long n = 2 + Math.max(0, columns.size() - 1); // the brackets and the commas between columns
        for (Column c : columns) {
            n += COLUMN_KEYS + quotedLength(c.name()) + quotedLength(c.type());
        }
        return n;
    }

    /** {@code {"name":} , {@code ,"type":} and {@code }} around a column's two values. */
    private static final int COLUMN_KEYS = 17;

    /** @return the characters of {@code s} as a JSON value: quoted and escaped, or {@code null} */
    private static long quotedLength(String s) {
        return s == null ? 4 : 2 + encodedLength(s, 0);
    }

    /**
     * Characters of {@code text} from {@code from} on as a JSON string writes them: {@code \n},
     * {@code \"} and the like take two, other control characters six ({@code \u0001}).
     */
    static long encodedLength(CharSequence text, int from) {
        long n = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            n += c == '"' || c == '\\' ? 2 : c >= 0x20 ? 1 : c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f' ? 2 : 6;
        }
        return n;
    }

    /**
     * @return the closing line of a row result, e.g. {@code (3 rows)} or
     * {@code (1000 rows shown; more exist: row cap hit; 2 values cut at the cell cap, marked …[truncated N bytes]. ...)}
     */
    static String summary(QueryResult result) {
        int n = result.rowCount();
        StringBuilder s = new StringBuilder("(").append(n).append(n == 1 ? " row" : " rows");
        if (result.moreRows()) {
            s.append(" shown; more exist: ")
                    .append(result.truncation().contains(Truncation.ROWS) ? "row" : "byte").append(" cap hit");
        }
        if (result.cutCells() > 0) {
            s.append("; ").append(result.cutCells()).append(result.cutCells() == 1 ? " value" : " values")
                    .append(" cut at the cell cap, marked …[truncated N bytes]");
        }
        if (result.moreRows()) {
            s.append(". Narrow the query or page with LIMIT/OFFSET");
        }
        return s.append(')').toString();
    }

    /**
     * A JSON object whose keys serialise in the order given. Every map a tool or resource returns is
     * built this way (or as a {@link LinkedHashMap}): {@code Map.of} iterates in an order that
     * changes from one JVM to the next, so two server processes would answer the same call with
     * differently ordered JSON.
     *
     * @param keysAndValues key, value, key, value, …; keys are strings, values may be null
     * @return a mutable map in that order
     * @throws IllegalArgumentException for an odd number of arguments or a key that is not a string
     */
    public static Map<String, Object> fields(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>(keysAndValues.length);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("key " + i / 2 + " is not a string");
            }
            m.put(key, keysAndValues[i + 1]);
        }
        return m;
    }

    /** @return compact JSON of a value tree */
    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** @return a byte count for people: {@code 8192 bytes}, {@code 64 kB}, {@code 1.5 MB} */
    public static String bytes(long n) {
        if (n < 0) {
            return "unknown size";
        }
        if (n < 10 * 1024) {
            return n + " bytes";
        }
        if (n < 10L * 1024 * 1024) {
            return (n / 1024) + " kB";
        }
        if (n < 10L * 1024 * 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
        }
        return String.format(java.util.Locale.ROOT, "%.1f GB", n / (1024.0 * 1024 * 1024));
    }
}
