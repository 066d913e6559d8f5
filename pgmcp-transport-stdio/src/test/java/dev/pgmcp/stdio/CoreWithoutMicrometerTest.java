package dev.pgmcp.stdio;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.engine.RecordingListener;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Micrometer is an optional dependency of pgmcp-core, so this module's class path (what an embedder
 * of core and stdio gets) has none: the engine, its listeners, audit log and rate limits must work
 * without it.
 */
class CoreWithoutMicrometerTest {

    @Test
    void micrometerIsAbsentAndTheEngineRunsAllTheSame(@TempDir Path dir) throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.core.instrument.MeterRegistry"));

        String url = TestPostgres.freshDatabase("nomicrometer");
        TestPostgres.run(url, "CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2);");
        Path audit = dir.resolve("audit.jsonl");
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).auditLog(audit.toString())
                .rateLimitPerMinute(3).build();
        RecordingListener recorder = new RecordingListener();
        try (PgMcp pgmcp = PgMcp.builder(config).addListener(recorder).build()) {
            ToolResult ok = pgmcp.callTool("execute_query", Map.of("sql", "SELECT count(*) FROM t"));
            assertFalse(ok.error(), ok.text());
            assertEquals(List.of(List.of(2L)), ok.structuredContent().get("rows"));
            assertTrue(pgmcp.callTool("execute_query", Map.of("sql", "DROP TABLE t")).error());
            assertFalse(pgmcp.callTool("list_tables", Map.of()).error());
            assertTrue(pgmcp.callTool("list_tables", Map.of()).text().startsWith("Rate limit exceeded"));
        }
        assertEquals(List.of("toolCallStarted", "statementStarted", "statementEnded", "toolCallEnded"),
                RecordingListener.methods(recorder.drain()).subList(0, 4));
        List<String> lines = Files.readAllLines(audit);
        assertEquals(6, lines.size(), lines.toString()); // 2 statements + 4 calls
        assertTrue(lines.get(lines.size() - 1).contains("\"outcome\":\"rate_limited\""), lines.toString());
    }
}
