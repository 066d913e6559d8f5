package dev.pgmcp.benchmarks;

import dev.pgmcp.internal.tools.Render;
import dev.pgmcp.mcp.JsonRpc;
import dev.pgmcp.mcp.McpProtocol;
import dev.pgmcp.spi.Column;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.ToolResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What turning rows into what a client receives costs: a {@link QueryResult} as the executor
 * builds it becomes a tool result ({@link Render#rows}: structured content plus the text form),
 * then the wire form of a {@code CallToolResult} ({@link McpProtocol#toolResult}) in a JSON-RPC
 * response, then the JSON text the transport writes, as UTF-8 bytes.
 *
 * <p>One operation encodes the whole result ({@code rows} rows, 1,000 by default) of six columns:
 * {@code int4}, {@code numeric} (an exact decimal string, as the executor reads it), {@code text}
 * of about 40 characters, {@code timestamptz} (ISO-8601 string with offset), {@code bool}, and a
 * column that is always SQL NULL. Rows per second = 1,000,000 / score × rows; allocation per row =
 * {@code gc.alloc.rate.norm} (run with {@code -prof gc}) / rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EncodingBenchmark {

    /** Rows in the result. */
    @Param("1000")
    public int rows;

    private QueryResult result;
    private ToolResult rendered;

    /** Builds the result once, and reports the size of what a client receives. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        result = result(rows);
        rendered = Render.rows(result, Map.of());
        int bytes = toJson();
        System.err.printf("encoding: %d rows -> %d bytes of JSON (%.0f bytes per row), text form %d characters%n",
                rows, bytes, bytes / (double) rows, rendered.text().length());
    }

    /** Rows to tool result: structured content and text form. */
    @Benchmark
    public ToolResult render() {
        return Render.rows(result, Map.of());
    }

    /** Tool result (rendered once in set-up) to the JSON bytes of its JSON-RPC response. */
    @Benchmark
    public byte[] serialize() {
        return JsonRpc.encode(JsonRpc.result(1, McpProtocol.toolResult(rendered)));
    }

    /** The whole path: rows to the JSON bytes a client receives. */
    @Benchmark
    public byte[] renderAndSerialize() throws IOException {
        ToolResult r = Render.rows(result, Map.of());
        return JsonRpc.encode(JsonRpc.result(1, McpProtocol.toolResult(r)));
    }

    private int toJson() throws IOException {
        return renderAndSerialize().length;
    }

    /** A deterministic result of the shape described in the class comment. */
    static QueryResult result(int rowCount) {
        List<Column> columns = List.of(
                new Column("id", "int4"),
                new Column("amount", "numeric"),
                new Column("description", "text"),
                new Column("created_at", "timestamptz"),
                new Column("active", "bool"),
                new Column("note", "text"));
        OffsetDateTime base = OffsetDateTime.of(2025, 1, 1, 9, 30, 0, 0, ZoneOffset.ofHours(1));
        List<List<Object>> data = new ArrayList<>(rowCount);
        for (int i = 1; i <= rowCount; i++) {
            Object[] row = {
                    i,
                    (i * 37 % 100_000) + "." + String.format("%02d", i % 100),
                    String.format("Order %06d for a customer in region %02d", i, i % 17),
                    base.plusMinutes(i * 7L).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                    i % 3 != 0,
                    null};
            data.add(Arrays.asList(row));
        }
        return dev.pgmcp.internal.exec.ResultSizes.of(columns, data, java.util.Set.of(), 0, 3);
    }
}
