package dev.pgmcp.internal.tools;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.exec.ResultSizes;
import dev.pgmcp.spi.Column;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.spi.Truncation;
import dev.pgmcp.testing.TestPostgres;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PGMCP_MAX_RESULT_BYTES caps the whole response: the rows are in it twice (structured content and
 * CSV text), and together they stay under the cap.
 */
class ResponseByteCapTest {

    static final long CAP = 16 * 1024;

    static String url;
    static PgMcp pgmcp;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("response_cap");
        TestPostgres.run(url, "CREATE TABLE wide AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 1000) g;"
                + " ALTER TABLE wide ADD PRIMARY KEY (id)");
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).maxResultBytes(CAP)
                .rateLimitPerMinute(0).rateLimitPerHour(0).build()).discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        if (pgmcp != null) {
            pgmcp.close();
        }
    }

    /** The response as the MCP layer sends it: the text content and the structured content. */
    static long encodedSize(ToolResult r) {
        return Render.json(Map.of("content", List.of(Map.of("type", "text", "text", r.text())),
                "structuredContent", r.structuredContent())).length();
    }

    @Test
    void executeQueryAndReadTableStayUnderTheCapWithBothForms() {
        for (ToolResult r : List.of(
                pgmcp.callTool("execute_query", Map.of("sql", "SELECT id, pad FROM wide ORDER BY id")),
                pgmcp.callTool("read_table", Map.of("table_name", "wide", "limit", 1000)))) {
            assertFalse(r.error(), r.text());
            long size = encodedSize(r);
            assertTrue(size <= CAP, "response of " + size + " bytes over the cap of " + CAP);
            Map<String, Object> s = r.structuredContent();
            int rows = (Integer) s.get("rowCount");
            assertTrue(rows > 10, "rows kept: " + rows);
            assertEquals(List.of("bytes"), s.get("truncation"));
            // The text shows the same rows as the structured content, and says more exist.
            assertEquals(rows, r.text().lines().filter(l -> l.endsWith("," + "x".repeat(200))).count());
            assertTrue(r.text().endsWith("(" + rows + " rows shown; more exist: byte cap hit. "
                    + "Narrow the query or page with LIMIT/OFFSET)"), r.text().substring(r.text().length() - 120));
        }
    }

    @Test
    void aResultUnderTheCapIsWhole() {
        ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", "SELECT id FROM wide ORDER BY id LIMIT 5"));
        assertEquals(5, r.structuredContent().get("rowCount"));
        assertEquals(false, r.structuredContent().get("truncated"));
    }

    /** Whatever the values (quotes, commas, newlines, nulls, arrays), the rendered response fits the cap. */
    @Property(tries = 200)
    void anyRowsRenderUnderTheCap(@ForAll("rows") List<List<Object>> rows, @ForAll @LongRange(min = 1024, max = 20_000) long cap) {
        QueryResult result = ResultSizes.of(List.of(new Column("a", "text"), new Column("b", "text[]")), rows,
                Set.of(), 0, 1);
        ToolResult r = Render.rows(result, Render.fields("table", "t"), cap);
        assertTrue(encodedSize(r) <= cap, () -> encodedSize(r) + " > " + cap);
        int shown = (Integer) r.structuredContent().get("rowCount");
        assertEquals(shown < rows.size(), r.structuredContent().get("truncation") instanceof List<?> t
                && t.contains(Truncation.BYTES.label()));
    }

    @Provide
    Arbitrary<List<List<Object>>> rows() {
        Arbitrary<String> text = Arbitraries.strings().withChars("ab,\"\n\r\\ ;'x").ofMaxLength(300);
        Arbitrary<Object> cell = Arbitraries.oneOf(text.map(s -> (Object) s), Arbitraries.just(null),
                text.list().ofMaxSize(5).map(l -> (Object) l));
        return cell.list().ofSize(2).map(l -> (List<Object>) new ArrayList<>(l)).list().ofMaxSize(200);
    }
}
