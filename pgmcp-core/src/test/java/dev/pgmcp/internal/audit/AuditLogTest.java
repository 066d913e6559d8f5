package dev.pgmcp.internal.audit;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Outcome;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.ToolCallEvent;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.spi.TraceContext;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON-lines audit log, on a real PostgreSQL, reached through a URL that carries a password. */
class AuditLogTest {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String PASSWORD = "Audit-S3cret-" + ProcessHandle.current().pid();
    static final String ROLE = "auditor_" + ProcessHandle.current().pid();
    static final List<String> STATEMENT_FIELDS = List.of("time", "event", "principal", "tool", "database", "sql",
            "parameterCount", "durationMs", "rows", "bytes", "truncated", "outcome", "sqlState", "rejectionReason",
            "error");
    static final List<String> CALL_FIELDS = List.of("time", "event", "principal", "tool", "database", "durationMs",
            "outcome", "error");

    /** postgresql://ROLE:PASSWORD@host:port/db of a fresh database with a table the role may read. */
    static String urlWithPassword;
    static String hostPort;

    @BeforeAll
    static void start() {
        String admin = TestPostgres.freshDatabase("audit");
        TestPostgres.run(admin, "CREATE TABLE notes (id int PRIMARY KEY, body text); "
                + "INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, 10) g; "
                + "DROP ROLE IF EXISTS " + ROLE + "; CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'; "
                + "GRANT SELECT ON notes TO " + ROLE + ";");
        Matcher m = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]+).*").matcher(admin);
        assertTrue(m.matches(), admin);
        hostPort = m.group(1);
        urlWithPassword = "postgresql://" + ROLE + ":" + PASSWORD + "@" + hostPort + "/" + m.group(2);
    }

    static PgMcpConfig.Builder config(String auditLog) {
        return PgMcpConfig.builder().database("main", urlWithPassword).allowUnsafeRole(true).auditLog(auditLog)
                .rateLimitPerMinute(0).rateLimitPerHour(0);
    }

    static List<JsonNode> parse(List<String> lines) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertTrue(n.isObject(), line);
            nodes.add(n);
        }
        return nodes;
    }

    @Test
    void everyLineIsJsonWithTheDocumentedFieldsAndNeverASecret(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        PgMcpConfig config = config(file.toString())
                // A second database that is down, reached through a URL with the same password.
                .database("down", "postgresql://" + ROLE + ":" + PASSWORD + "@127.0.0.1:1/nothing")
                .connectTimeout(Duration.ofMillis(1000))
                .build();
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).build()) {
            assertFalse(pgmcp.callTool("execute_query", Map.of("sql", "SELECT body FROM notes WHERE body = $1 OR id < 3",
                    "params", List.of("Param-Value-Marker"))).error());
            assertTrue(pgmcp.callTool("execute_query", Map.of("sql", "DELETE FROM notes")).error());
            assertTrue(pgmcp.callTool("execute_query", Map.of("sql", "SELECT id / (id - id) FROM notes")).error());
            // Secrets a client typed into the SQL are masked too.
            assertFalse(pgmcp.callTool("execute_query", Map.of("sql",
                    "SELECT 'postgresql://someone:" + PASSWORD + "@elsewhere/db' AS u")).error());
            assertTrue(pgmcp.callTool("execute_query", Map.of("sql",
                    "SELECT * FROM dblink('host=elsewhere password=" + PASSWORD + "', 'SELECT 1') AS t(i int)")).error());
            ToolResult down = pgmcp.callTool("execute_query", Map.of("sql", "SELECT 1", "database", "down"));
            assertTrue(down.error());
            assertFalse(down.text().contains(PASSWORD), down.text());
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            assertFalse(line.contains(PASSWORD), line);
            assertFalse(line.contains("Param-Value-Marker"), line);
        }
        List<JsonNode> nodes = parse(lines);
        List<JsonNode> statements = nodes.stream().filter(n -> n.get("event").asString().equals("statement")).toList();
        List<JsonNode> calls = nodes.stream().filter(n -> n.get("event").asString().equals("tool_call")).toList();
        assertEquals(6, calls.size(), lines.toString());
        // The call on "down" fails while its role is checked, before any statement: no statement line.
        assertEquals(5, statements.size(), lines.toString());
        for (JsonNode s : statements) {
            assertEquals(STATEMENT_FIELDS, fieldNames(s), s.toString());
        }
        for (JsonNode c : calls) {
            assertEquals(CALL_FIELDS, fieldNames(c), c.toString());
            Instant t = Instant.parse(c.get("time").asString());
            assertTrue(c.get("time").asString().endsWith("Z"), c.toString());
            assertTrue(!t.isAfter(Instant.now()));
            assertEquals("local", c.get("principal").asString());
            assertEquals("execute_query", c.get("tool").asString());
        }

        JsonNode ok = statements.get(0);
        assertEquals("SELECT body FROM notes WHERE body = $1 OR id < 3", ok.get("sql").asString());
        assertEquals(1, ok.get("parameterCount").asInt());
        assertEquals(2, ok.get("rows").asInt());
        assertTrue(ok.get("bytes").asLong() > 0, ok.toString());
        assertEquals("ok", ok.get("outcome").asString());
        assertEquals("main", ok.get("database").asString());
        assertTrue(ok.get("durationMs").asLong() >= 0);
        assertTrue(ok.get("sqlState").isNull());
        assertEquals("ok", calls.get(0).get("outcome").asString());

        JsonNode rejected = statements.get(1);
        assertEquals("rejected", rejected.get("outcome").asString());
        assertEquals("not_read_only", rejected.get("rejectionReason").asString());
        assertTrue(rejected.get("rows").isNull());
        assertEquals("rejected", calls.get(1).get("outcome").asString());

        JsonNode failed = statements.get(2);
        assertEquals("error", failed.get("outcome").asString());
        assertEquals("22012", failed.get("sqlState").asString());
        assertEquals("error", calls.get(2).get("outcome").asString());

        assertTrue(statements.get(3).get("sql").asString().contains("postgresql://someone:***@elsewhere/db"),
                statements.get(3).toString());
        assertTrue(statements.get(4).get("sql").asString().contains("password=***"), statements.get(4).toString());

        JsonNode unreachable = calls.get(5);
        assertEquals("down", unreachable.get("database").asString());
        assertEquals("error", unreachable.get("outcome").asString());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void stderrIsTheDefaultTarget() {
        PgMcpConfig config = PgMcpConfig.builder().database("main", urlWithPassword).allowUnsafeRole(true).build();
        assertEquals("stderr", config.auditLog());
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).build()) {
            assertFalse(pgmcp.callTool("execute_query", Map.of("sql", "SELECT count(*) FROM notes")).error());
        } finally {
            System.setErr(old);
        }
        String err = buf.toString(StandardCharsets.UTF_8);
        assertFalse(err.contains(PASSWORD), err);
        List<String> lines = err.lines().filter(l -> l.startsWith("{")).toList();
        List<JsonNode> nodes = parse(lines);
        assertEquals(List.of("statement", "tool_call"), nodes.stream().map(n -> n.get("event").asString()).toList());
        assertEquals(1, nodes.get(0).get("rows").asInt());
    }

    @Test
    void concurrentCallsWriteWholeLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        int threads = 8;
        int perThread = 20;
        String padding = "x".repeat(400); // longer lines: interleaved writes would split them
        try (PgMcp pgmcp = PgMcp.builder(config(file.toString()).build()).discoverTools(false).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            ToolResult r = pgmcp.callTool("execute_query", Map.of("sql",
                                    "SELECT '" + padding + "' AS pad, " + (thread * 1000 + i) + " AS n"));
                            assertFalse(r.error(), r.text());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        List<JsonNode> nodes = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        assertEquals(threads * perThread * 2, nodes.size());
        Set<String> sql = new HashSet<>();
        for (JsonNode n : nodes) {
            if (n.get("event").asString().equals("statement")) {
                assertTrue(sql.add(n.get("sql").asString()), "statement logged twice");
            }
        }
        assertEquals(threads * perThread, sql.size());
    }

    @Test
    void fileIsAppendedToAndOffWritesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n");
        try (PgMcp pgmcp = PgMcp.builder(config(file.toString()).build()).discoverTools(false).build()) {
            assertTrue(pgmcp.listeners().get(0) instanceof AuditLog);
            pgmcp.callTool("list_schemas", Map.of());
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals("{\"earlier\":true}", lines.get(0));
        assertEquals(2, lines.size(), lines.toString());

        try (PgMcp pgmcp = PgMcp.builder(config("OFF").build()).discoverTools(false).build()) {
            assertTrue(pgmcp.listeners().isEmpty(), pgmcp.listeners().toString());
        }
    }

    @Test
    void anInterruptedCallerStillWritesAndLinesAfterCloseGoToStderr(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = AuditLog.toFile(file);
        ToolCallEvent end = ToolCallEvent.started("list_schemas", "main", Principal.LOCAL).ended(1, Outcome.CANCELLED, "x");
        Thread.currentThread().interrupt(); // as a cancelled call's thread may be
        try {
            log.toolCallEnded(end);
        } finally {
            assertTrue(Thread.interrupted());
        }
        log.toolCallEnded(end);
        assertEquals(2, Files.readAllLines(file).size());
        assertEquals("cancelled", JSON.readTree(Files.readAllLines(file).get(0)).get("outcome").asString());

        log.close();
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            log.toolCallEnded(end);
        } finally {
            System.setErr(old);
        }
        assertEquals(2, Files.readAllLines(file).size());
        assertEquals("tool_call", JSON.readTree(buf.toString(StandardCharsets.UTF_8)).get("event").asString());
    }

    @Test
    void aCallsTraceContextIsWrittenOnItsLineWhenItHasOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (PgMcp pgmcp = PgMcp.builder(config(file.toString()).build()).discoverTools(false).build()) {
            String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            TraceContext trace = TraceContext.from(Map.of("traceparent", parent, "tracestate", "vendor=abc"));
            pgmcp.callTool("list_schemas", Map.of(), new CallInfo(Principal.LOCAL, null, null, trace));
            pgmcp.callTool("list_schemas", Map.of());
        }
        List<JsonNode> calls = parse(Files.readAllLines(file)).stream()
                .filter(n -> n.get("event").asString().equals("tool_call")).toList();
        assertEquals(2, calls.size());
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", calls.get(0).get("traceparent").asString());
        assertEquals("vendor=abc", calls.get(0).get("tracestate").asString());
        assertFalse(calls.get(1).has("traceparent"), "no trace context, no trace fields");
        assertEquals(null, TraceContext.from(Map.of("traceparent", "not a trace; DROP TABLE x")), "malformed: dropped");
    }

    @Test
    void unopenableFileNamesTheSetting(@TempDir Path dir) {
        String path = dir.resolve("no/such/dir/audit.jsonl").toString();
        ConfigException e = assertThrows(ConfigException.class,
                () -> PgMcp.builder(config(path).build()).discoverTools(false).build());
        assertTrue(e.getMessage().contains("PGMCP_AUDIT_LOG"), e.getMessage());
        assertThrows(ConfigException.class, () -> config("  ").build());
    }
}
