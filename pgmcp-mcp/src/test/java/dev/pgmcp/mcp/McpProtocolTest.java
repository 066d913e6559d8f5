package dev.pgmcp.mcp;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol layer at the message level, both eras, against a real database: the lifecycle rules
 * of the legacy era, the per-request rules of 2026-07-28, and what both see alike.
 */
class McpProtocolTest {

    static PgMcp engine;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        url = TestPostgres.freshDatabase("protocol");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY, name text)");
            s.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            s.execute("CREATE TABLE \"Line Items.2024\" (id int)");
        }
        engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build()).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Wire legacy() {
        Wire w = new Wire(engine);
        Map<String, Object> init = Wire.result(w.initialize("2025-11-25", Map.of()));
        assertEquals("2025-11-25", init.get("protocolVersion"));
        return w;
    }

    // ---- legacy era ----

    @Test
    void aSecondInitializeIsRefusedAndTheSessionKeepsItsVersion() {
        Wire w = legacy();
        Map<String, Object> again = w.request("initialize", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of()));
        assertEquals(JsonRpc.INVALID_REQUEST, Wire.code(again), again.toString());
        assertTrue(Wire.error(again).get("message").toString().contains("already initialized"), again.toString());
        assertEquals("2025-11-25", w.session.protocolVersion());
        assertTrue(Wire.result(w.request("tools/list", null)).get("tools") instanceof List);
    }

    @Test
    void anUnknownVersionInInitializeGetsTheNewestLegacyOne() {
        Wire w = new Wire(engine);
        assertEquals("2025-11-25", Wire.result(w.initialize("2099-01-01", Map.of())).get("protocolVersion"));
        Wire old = new Wire(engine);
        assertEquals("2024-11-05", Wire.result(old.initialize("2024-11-05", Map.of())).get("protocolVersion"));
    }

    @Test
    void loggingSetLevelTakesTheEightSyslogLevelsOnly() {
        Wire w = legacy();
        assertEquals(Map.of(), Wire.result(w.request("logging/setLevel", Map.of("level", "warning"))));
        for (Object bad : new Object[]{"bogus", "WARNING", 3, null}) {
            Map<String, Object> params = new java.util.HashMap<>();
            params.put("level", bad);
            Map<String, Object> r = w.request("logging/setLevel", params);
            assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(r), bad + " -> " + r);
        }
    }

    @Test
    void requestsBeforeInitializeAreRefusedExceptPing() {
        Wire w = new Wire(engine);
        assertEquals(JsonRpc.INVALID_REQUEST, Wire.code(w.request("tools/list", null)));
        assertEquals(Map.of(), Wire.result(w.request("ping", null)));
    }

    @Test
    void resourceNotFoundIsMinus32002ForLegacyAndMinus32602For2026() {
        Map<String, Object> legacy = legacy().request("resources/read", Map.of("uri", "schema://nope"));
        assertEquals(JsonRpc.RESOURCE_NOT_FOUND, Wire.code(legacy), legacy.toString());
        assertEquals(Map.of("uri", "schema://nope"), Wire.error(legacy).get("data"));
        Map<String, Object> modern = new Wire(engine).modern("resources/read", Map.of("uri", "nothing://here"), Map.of());
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(modern), modern.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTableTemplateIsListedAndReadsOneRelation() {
        Wire w = legacy();
        List<Map<String, Object>> templates = (List<Map<String, Object>>) Wire.result(
                w.request("resources/templates/list", null)).get("resourceTemplates");
        assertEquals(List.of("schema://{database}", "schema://{database}/{table}"),
                templates.stream().map(t -> t.get("uriTemplate")).toList());
        assertEquals("text/plain", templates.get(1).get("mimeType"));
        for (String uri : List.of("schema://main/t", "schema://main/public.t", "schema://main/%74", "schema://main/T")) {
            Map<String, Object> content = read(w.request("resources/read", Map.of("uri", uri)));
            assertEquals(uri, content.get("uri"));
            assertEquals("text/plain", content.get("mimeType"));
            assertTrue(content.get("text").toString().startsWith("public.t (table"), uri + " -> " + content);
            assertTrue(content.get("text").toString().contains("  - name: text"), content.toString());
        }
        Map<String, Object> modern = read(new Wire(engine).modern("resources/read", Map.of("uri", "schema://main/t"), Map.of()));
        assertTrue(modern.get("text").toString().contains("  - id: integer (PK) NOT NULL"), modern.toString());
        // One segment per variable: neither template reads the other's URIs.
        assertTrue(read(w.request("resources/read", Map.of("uri", "schema://main"))).get("text").toString()
                .startsWith("Database: main"));
        for (String uri : List.of("schema://main/t/id", "schema://main/", "schema://main/%zz")) {
            Map<String, Object> r = w.request("resources/read", Map.of("uri", uri));
            assertEquals(JsonRpc.RESOURCE_NOT_FOUND, Wire.code(r), uri + " -> " + r);
        }
    }

    @Test
    void anUnknownTableIsResourceNotFoundInBothEras() {
        Map<String, Object> legacy = legacy().request("resources/read", Map.of("uri", "schema://main/nope"));
        assertEquals(JsonRpc.RESOURCE_NOT_FOUND, Wire.code(legacy), legacy.toString());
        assertEquals(Map.of("uri", "schema://main/nope"), Wire.error(legacy).get("data"));
        assertTrue(Wire.error(legacy).get("message").toString().contains("no table or view public.nope is visible"),
                legacy.toString());
        Map<String, Object> modern = new Wire(engine).modern("resources/read", Map.of("uri", "schema://main/nope"), Map.of());
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(modern), modern.toString());
        assertEquals(Map.of("uri", "schema://main/nope"), Wire.error(modern).get("data"));
        Map<String, Object> noDatabase = legacy().request("resources/read", Map.of("uri", "schema://nope/t"));
        assertEquals(JsonRpc.RESOURCE_NOT_FOUND, Wire.code(noDatabase), noDatabase.toString());
        assertEquals(Map.of("uri", "schema://nope/t"), Wire.error(noDatabase).get("data"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTableVariableCompletesFromTheDatabaseInTheContext() {
        Map<String, Object> ref = Map.of("type", "ref/resource", "uri", "schema://{database}/{table}");
        Map<String, Object> table = Map.of("name", "table", "value", "T");
        Wire w = legacy();
        Map<String, Object> plain = (Map<String, Object>) Wire.result(w.request("completion/complete",
                Map.of("ref", ref, "argument", table))).get("completion");
        assertEquals(List.of("t"), plain.get("values"));
        assertEquals(1, plain.get("total"));
        assertEquals(false, plain.get("hasMore"));
        Map<String, Object> inMain = Wire.result(w.request("completion/complete", Map.of("ref", ref, "argument", table,
                "context", Map.of("arguments", Map.of("database", "main")))));
        assertEquals(List.of("t"), ((Map<?, ?>) inMain.get("completion")).get("values"));
        Map<String, Object> inNone = Wire.result(new Wire(engine).modern("completion/complete", Map.of("ref", ref,
                "argument", table, "context", Map.of("arguments", Map.of("database", "nope"))), Map.of()));
        assertEquals(List.of(), ((Map<?, ?>) inNone.get("completion")).get("values"));
        Map<String, Object> database = Wire.result(w.request("completion/complete", Map.of("ref", ref,
                "argument", Map.of("name", "database", "value", "m"))));
        assertEquals(List.of("main"), ((Map<?, ?>) database.get("completion")).get("values"));
    }

    /** @return the {@code content} blocks of a {@code tools/call} response, after checking it succeeded */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> content(Map<String, Object> response) {
        Map<String, Object> result = Wire.result(response);
        assertEquals(false, result.get("isError"), result.toString());
        return (List<Map<String, Object>>) result.get("content");
    }

    static Map<String, Object> describe(String table) {
        return Map.of("name", "describe_table", "arguments", Map.of("table_name", table));
    }

    @Test
    void describeTableLinksToTheTableResourceWhereTheVersionHasResourceLinks() {
        for (String version : List.of("2025-06-18", "2025-11-25")) {
            Wire w = new Wire(engine);
            w.initialize(version, Map.of());
            List<Map<String, Object>> content = content(w.request("tools/call", describe("t")));
            assertEquals(2, content.size(), version + ": " + content);
            assertEquals("text", content.get(0).get("type"));
            Map<String, Object> link = content.get(1);
            assertEquals(List.of("type", "uri", "name", "title", "mimeType"), List.copyOf(link.keySet()), "wire order");
            assertEquals("resource_link", link.get("type"));
            assertEquals("schema://main/t", link.get("uri"));
            assertEquals("public.t", link.get("name"));
            assertEquals("Schema of table public.t", link.get("title"));
            assertEquals("text/plain", link.get("mimeType"));
            Map<String, Object> read = read(w.request("resources/read", Map.of("uri", link.get("uri"))));
            assertEquals(content.get(0).get("text"), read.get("text"), "the link reads what the call said");
        }
        Wire modern = new Wire(engine);
        List<Map<String, Object>> content = content(modern.modern("tools/call", describe("\"Line Items.2024\""), Map.of()));
        assertEquals("schema://main/%22Line%20Items.2024%22", content.get(1).get("uri"), "a name that needs quoting and encoding");
        Map<String, Object> read = read(modern.modern("resources/read", Map.of("uri", content.get(1).get("uri")), Map.of()));
        assertTrue(read.get("text").toString().startsWith("public.Line Items.2024 (table"), read.toString());
    }

    @Test
    void versionsBeforeResourceLinksGetTheTextOnly() {
        for (String version : List.of("2024-11-05", "2025-03-26")) {
            Wire w = new Wire(engine);
            w.initialize(version, Map.of());
            List<Map<String, Object>> content = content(w.request("tools/call", describe("t")));
            assertEquals(List.of("text"), content.stream().map(c -> c.get("type")).toList(), version + ": " + content);
        }
        // A stateless request: the version its transport names (HTTP's MCP-Protocol-Version), else none.
        Wire named = new Wire(new McpProtocol(engine), Session.stateless(Principal.LOCAL, "2025-06-18"));
        assertEquals(2, content(named.request("tools/call", describe("t"))).size());
        Wire unnamed = new Wire(new McpProtocol(engine), Session.stateless(Principal.LOCAL));
        assertEquals(1, content(unnamed.request("tools/call", describe("t"))).size());
        Wire old = new Wire(new McpProtocol(engine), Session.stateless(Principal.LOCAL, "2025-03-26"));
        assertEquals(1, content(old.request("tools/call", describe("t"))).size());
        assertThrows(IllegalArgumentException.class, () -> Session.stateless(Principal.LOCAL, "1999-01-01"));
    }

    @Test
    void listTablesLinksToTheDatabaseSchema() {
        Wire w = new Wire(engine);
        w.initialize("2025-06-18", Map.of());
        List<Map<String, Object>> content = content(w.request("tools/call", Map.of("name", "list_tables",
                "arguments", Map.of("database", "main"))));
        assertEquals(2, content.size(), content.toString());
        assertEquals("resource_link", content.get(1).get("type"));
        assertEquals("schema://main", content.get(1).get("uri"));
        assertEquals("main", content.get(1).get("name"));
        assertTrue(read(w.request("resources/read", Map.of("uri", "schema://main"))).get("text").toString()
                .contains("public.t"));
        Map<String, Object> error = Wire.result(w.request("tools/call", Map.of("name", "list_tables",
                "arguments", Map.of("database", "nope"))));
        assertEquals(true, error.get("isError"));
        assertEquals(1, ((List<?>) error.get("content")).size(), "an error result links nowhere: " + error);
    }

    /** @return the one content of a {@code resources/read} response */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Map<String, Object> response) {
        List<Map<String, Object>> contents = (List<Map<String, Object>>) Wire.result(response).get("contents");
        assertEquals(1, contents.size(), contents.toString());
        return contents.get(0);
    }

    @Test
    void toolArgumentsMustBeAnObjectAndAreCheckedAgainstTheSchema() {
        Wire w = legacy();
        Map<String, Object> r = w.send(Map.of("jsonrpc", "2.0", "id", 9, "method", "tools/call",
                "params", Map.of("name", "execute_query", "arguments", List.of(1))));
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(r), r.toString());
        assertEquals(9, r.get("id"));
        Map<String, Object> invalid = Wire.result(w.request("tools/call", Map.of("name", "execute_query",
                "arguments", Map.of("sql", 42))));
        assertEquals(true, invalid.get("isError"));
        assertTrue(invalid.toString().contains("input validation failed"), invalid.toString());
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.request("tools/call", Map.of("name", "no_such_tool"))));
    }

    /**
     * Row values as the bytes of a tools/call response: an int8 beyond 2^53−1 and a jsonb object a
     * JSON reader would not get back exactly come as strings; an exact json object as PostgreSQL's
     * text (2.50 kept); a JSON null as "null", SQL NULL as null.
     */
    @Test
    void rowValuesOnTheWireAreExactForJavaScriptReaders() {
        Wire w = legacy();
        Map<String, Object> call = Map.of("jsonrpc", "2.0", "id", 77, "method", "tools/call", "params", Map.of(
                "name", "execute_query", "arguments", Map.of("sql", "SELECT 9007199254740993::int8 AS big, "
                        + "'{\"a\":1,\"a\":2,\"n\":1e400}'::jsonb AS j, '{\"r\": 2.50}'::json AS r, 'null'::jsonb AS n, NULL::jsonb AS s")));
        String wire = new String(JsonRpc.encode(w.protocol.handle(call, w.session, w.sent::add)), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(wire.contains("\"rows\":[[\"9007199254740993\",\"{\\\"a\\\": 2, \\\"n\\\": 1000"), wire);
        assertTrue(wire.contains("0}\",{\"r\": 2.50},\"null\",null]]"), wire);
    }

    /** A number parameter binds as the literal the client wrote: its digits and scale, not a double's. */
    @Test
    @SuppressWarnings("unchecked")
    void numberParametersKeepTheDigitsTheClientWrote() {
        Wire w = legacy();
        byte[] request = ("{\"jsonrpc\":\"2.0\",\"id\":78,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"execute_query\",\"arguments\":{\"sql\":\"SELECT $1::text AS a, $2::text AS b, $3 + 0.2 AS c\","
                + "\"params\":[0.10000000000000000001,2.50,0.1]}}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> call = (Map<String, Object>) JsonRpc.decode(request, 0, request.length);
        String wire = new String(JsonRpc.encode(w.protocol.handle(call, w.session, w.sent::add)),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(wire.contains("\"rows\":[[\"0.10000000000000000001\",\"2.50\",\"0.3\"]]"), wire);
    }

    @Test
    void batchesOnlyIn2025_03_26() {
        Wire w = new Wire(engine);
        w.initialize("2025-03-26", Map.of());
        Object answers = w.protocol.handleBatch(List.of(
                Map.of("jsonrpc", "2.0", "id", 1, "method", "ping"),
                Map.of("jsonrpc", "2.0", "method", "notifications/initialized"),
                Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/list")), w.session, m -> { });
        assertTrue(answers instanceof List<?> l && l.size() == 2, String.valueOf(answers));
        Object refused = legacy().protocol.handleBatch(List.of(Map.of("jsonrpc", "2.0", "id", 1, "method", "ping")),
                legacy().session, m -> { });
        assertTrue(refused instanceof Map<?, ?> m && ((Map<?, ?>) m.get("error")).get("code").equals(JsonRpc.INVALID_REQUEST));
    }

    @Test
    void aClientErrorAnswerToASamplingRequestFailsThatCallOnly() throws Exception {
        Wire w = new Wire(engine);
        w.initialize("2025-11-25", Map.of("sampling", Map.of(), "roots", Map.of("listChanged", true)));
        assertTrue(w.sent.isEmpty(), "no roots/list or other request to the client: " + w.sent);
        // The client answers whatever the server asks with an error, as a client without a handler does.
        List<Map<String, Object>> asked = new ArrayList<>();
        Wire answering = new Wire(w.protocol, w.session);
        Map<String, Object> r = w.protocol.handle(Map.of("jsonrpc", "2.0", "id", 5, "method", "tools/call",
                "params", Map.of("name", "query", "arguments", Map.of("question", "how many rows in t?"))), w.session,
                m -> {
                    asked.add(m);
                    w.protocol.handle(Map.of("jsonrpc", "2.0", "id", m.get("id"),
                            "error", Map.of("code", -32601, "message", "no sampling handler")), w.session, x -> { });
                });
        assertEquals(1, asked.size(), asked.toString());
        assertEquals("sampling/createMessage", asked.get(0).get("method"));
        Map<String, Object> result = Wire.result(r);
        assertEquals(true, result.get("isError"), result.toString());
        assertTrue(result.toString().contains("no sampling handler"), result.toString());
        assertEquals(Map.of(), Wire.result(answering.request("ping", null)), "the session goes on");
    }

    // ---- 2026-07-28 ----

    @Test
    void discoverDescribesTheServerWithoutASession() {
        Wire w = new Wire(engine);
        Map<String, Object> d = Wire.result(w.modern("server/discover", null, Map.of()));
        assertEquals(List.of("2026-07-28"), d.get("supportedVersions"));
        assertEquals("complete", d.get("resultType"));
        assertTrue(((Number) d.get("ttlMs")).longValue() > 0);
        assertEquals("public", d.get("cacheScope"));
        assertTrue(((Map<?, ?>) d.get("capabilities")).containsKey("tools"));
        assertNull(d.get("serverInfo"), "serverInfo goes in _meta");
        assertEquals("pgmcp", ((Map<?, ?>) ((Map<?, ?>) d.get("_meta")).get("io.modelcontextprotocol/serverInfo")).get("name"));
        assertFalse(w.session.initialized(), "no state is kept");
    }

    @Test
    void everyModernResultCarriesResultTypeAndListsCarryCacheHints() {
        Wire w = new Wire(engine);
        for (String list : List.of("tools/list", "resources/list", "resources/templates/list", "prompts/list")) {
            Map<String, Object> r = Wire.result(w.modern(list, null, Map.of()));
            assertEquals("complete", r.get("resultType"), list);
            assertTrue(r.containsKey("ttlMs") && r.containsKey("cacheScope"), list + ": " + r.keySet());
        }
        Map<String, Object> read = Wire.result(w.modern("resources/read", Map.of("uri", "databases://list"), Map.of()));
        assertEquals(0L, ((Number) read.get("ttlMs")).longValue());
        Map<String, Object> call = Wire.result(w.modern("tools/call", Map.of("name", "execute_query",
                "arguments", Map.of("sql", "SELECT count(*) AS n FROM t")), Map.of()));
        assertEquals("complete", call.get("resultType"));
        assertEquals(false, call.get("isError"), call.toString());
    }

    @Test
    void modernRequestsNeedVersionAndCapabilitiesInMeta() {
        Wire w = new Wire(engine);
        Map<String, Object> unsupported = w.request("tools/list", Map.of("_meta", Map.of(
                "io.modelcontextprotocol/protocolVersion", "1900-01-01", "io.modelcontextprotocol/clientCapabilities", Map.of())));
        assertEquals(JsonRpc.UNSUPPORTED_PROTOCOL_VERSION, Wire.code(unsupported));
        Map<?, ?> data = (Map<?, ?>) Wire.error(unsupported).get("data");
        assertEquals("1900-01-01", data.get("requested"));
        assertTrue(((List<?>) data.get("supported")).contains("2026-07-28"));
        Map<String, Object> noCaps = w.request("tools/list", Map.of("_meta", Map.of(
                "io.modelcontextprotocol/protocolVersion", "2026-07-28")));
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(noCaps));
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.request("server/discover", Map.of())));
        assertEquals(JsonRpc.METHOD_NOT_FOUND, Wire.code(w.modern("ping", null, Map.of())), "2026-07-28 removed ping");
        assertEquals(JsonRpc.METHOD_NOT_FOUND, Wire.code(w.modern("logging/setLevel", Map.of("level", "info"), Map.of())));
    }

    @Test
    void bothErasSeeTheSameToolsInTheSameOrder() {
        Wire older = new Wire(engine);
        older.initialize("2025-06-18", Map.of());
        Object legacyTools = Wire.result(older.request("tools/list", null)).get("tools");
        Object modernTools = Wire.result(new Wire(engine).modern("tools/list", null, Map.of())).get("tools");
        assertEquals(legacyTools, modernTools);
        // 2025-11-25 adds execution.taskSupport to the tools that run as tasks, nothing else.
        List<Object> withoutExecution = new ArrayList<>();
        for (Object t : (List<?>) Wire.result(legacy().request("tools/list", null)).get("tools")) {
            Map<Object, Object> tool = new java.util.LinkedHashMap<>((Map<?, ?>) t);
            tool.remove("execution");
            withoutExecution.add(tool);
        }
        assertEquals(modernTools, withoutExecution);
    }

    @Test
    void listsArePagedWithOpaqueCursors() {
        Wire w = new Wire(new McpProtocol(engine, 4), Session.open(Principal.LOCAL));
        w.initialize("2025-11-25", Map.of());
        List<Object> names = new ArrayList<>();
        Object cursor = null;
        int pages = 0;
        do {
            Map<String, Object> page = Wire.result(w.request("tools/list", cursor == null ? null : Map.of("cursor", cursor)));
            ((List<?>) page.get("tools")).forEach(t -> names.add(((Map<?, ?>) t).get("name")));
            cursor = page.get("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(engine.tools().keySet().stream().toList(), names);
        assertEquals((engine.tools().size() + 3) / 4, pages);
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.request("tools/list", Map.of("cursor", "not-ours"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void naturalLanguageQueryAsksAModernClientsModelThroughInputRequests() {
        Wire w = new Wire(engine);
        Map<String, Object> caps = Map.of("sampling", Map.of());
        Map<String, Object> call = Map.of("name", "query", "arguments", Map.of("question", "How many rows are in t?"));
        Map<String, Object> first = Wire.result(w.modern("tools/call", call, caps));
        assertEquals("input_required", first.get("resultType"), first.toString());
        Map<String, Object> requests = (Map<String, Object>) first.get("inputRequests");
        Map<String, Object> ask = (Map<String, Object>) requests.get("sample-1");
        assertEquals("sampling/createMessage", ask.get("method"));
        assertTrue(((Map<?, ?>) ask.get("params")).get("systemPrompt").toString().contains("PostgreSQL"));
        String state = (String) first.get("requestState");
        assertTrue(w.sent.isEmpty(), "a 2026-07-28 server sends no request of its own: " + w.sent);

        Map<String, Object> answer = Map.of("role", "assistant", "model", "test-model",
                "content", Map.of("type", "text", "text", "SELECT count(*) AS n FROM t"));
        Map<String, Object> retry = new java.util.LinkedHashMap<>(call);
        retry.put("inputResponses", Map.of("sample-1", answer));
        retry.put("requestState", state);
        Map<String, Object> done = Wire.result(w.modern("tools/call", retry, caps));
        assertEquals("complete", done.get("resultType"), done.toString());
        assertEquals(false, done.get("isError"), done.toString());
        Map<String, Object> content = (Map<String, Object>) done.get("structuredContent");
        assertEquals("sampling", content.get("source"));
        assertEquals("test-model", content.get("model"));
        assertEquals(List.of(List.of(2)), content.get("rows"));

        // The state is bound to its call: altered, or presented for other arguments, it is refused.
        Map<String, Object> forged = new java.util.LinkedHashMap<>(retry);
        forged.put("requestState", state.substring(0, state.length() - 2) + "AA");
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.modern("tools/call", forged, caps)));
        Map<String, Object> otherQuestion = new java.util.LinkedHashMap<>(retry);
        otherQuestion.put("arguments", Map.of("question", "Drop everything?"));
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.modern("tools/call", otherQuestion, caps)));
    }

    @Test
    void requestStateOpensOnlyOnServersThatShareItsKey() {
        byte[] key = "every-instance-shares-this-secret-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> caps = Map.of("sampling", Map.of());
        Map<String, Object> call = Map.of("name", "query", "arguments", Map.of("question", "How many rows are in t?"));
        Map<String, Object> first = Wire.result(new Wire(new McpProtocol(engine, key), Session.open(Principal.LOCAL))
                .modern("tools/call", call, caps));
        Map<String, Object> retry = new java.util.LinkedHashMap<>(call);
        retry.put("inputResponses", Map.of("sample-1", Map.of("role", "assistant", "model", "m",
                "content", Map.of("type", "text", "text", "SELECT count(*) AS n FROM t"))));
        retry.put("requestState", first.get("requestState"));
        Map<String, Object> sameKey = Wire.result(new Wire(new McpProtocol(engine, key.clone()), Session.open(Principal.LOCAL))
                .modern("tools/call", retry, caps));
        assertEquals("complete", sameKey.get("resultType"), sameKey.toString());
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(new Wire(new McpProtocol(engine), Session.open(Principal.LOCAL))
                .modern("tools/call", retry, caps)), "a server with its own random key refuses the state");
        assertThrows(IllegalArgumentException.class, () -> new McpProtocol(engine, new byte[31]));
    }

    @Test
    void aModernClientWithoutSamplingIsNotAskedAndGetsAClearResult() {
        Map<String, Object> r = Wire.result(new Wire(engine).modern("tools/call", Map.of("name", "query",
                "arguments", Map.of("question", "How many rows are in t?")), Map.of()));
        assertEquals("complete", r.get("resultType"));
        assertEquals(true, r.get("isError"), r.toString());
    }

    @Test
    void aCallWithAProgressTokenReportsProgressUntilItsResponse() {
        Wire w = legacy();
        Map<String, Object> r = Wire.result(w.request("tools/call", Map.of("name", "execute_query",
                "arguments", Map.of("sql", "SELECT count(*) AS n FROM generate_series(1, 30000000)"),
                "_meta", Map.of("progressToken", "p-1"))));
        assertEquals(false, r.get("isError"), r.toString());
        List<Map<String, Object>> reports = w.sent.stream().filter(m -> "notifications/progress".equals(m.get("method"))).toList();
        assertFalse(reports.isEmpty(), "a call over a second reports progress: " + w.sent);
        long last = -1;
        for (Map<String, Object> p : reports) {
            Map<?, ?> params = (Map<?, ?>) p.get("params");
            assertEquals("p-1", params.get("progressToken"));
            long progress = ((Number) params.get("progress")).longValue();
            assertTrue(progress > last, "progress only grows: " + reports);
            last = progress;
        }
        int before = w.sent.size();
        Wire.result(w.request("tools/call", Map.of("name", "execute_query", "arguments", Map.of("sql", "SELECT 1 AS one"))));
        assertEquals(before, w.sent.size(), "no token, no report; and none after a response");
    }

    @Test
    void aModernRequestsTraceContextReachesTheAuditLineOfItsCall(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path audit = dir.resolve("audit.jsonl");
        String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        try (PgMcp audited = PgMcp.builder(PgMcpConfig.builder().database("main", url)
                .allowUnsafeRole(true).auditLog(audit.toString()).build()).build()) {
            Map<String, Object> params = new java.util.LinkedHashMap<>();
            params.put("name", "list_schemas");
            params.put("arguments", Map.of());
            params.put("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28",
                    "io.modelcontextprotocol/clientCapabilities", Map.of(), "traceparent", parent, "tracestate", "k=v"));
            Wire.result(new Wire(audited).request("tools/call", params));
        }
        String line = java.nio.file.Files.readAllLines(audit).stream().filter(l -> l.contains("\"tool_call\""))
                .findFirst().orElseThrow();
        assertTrue(line.contains("\"traceparent\":\"" + parent + "\"") && line.contains("\"tracestate\":\"k=v\""), line);
    }

    static final Map<String, Object> TASKS = Map.of("extensions", Map.of("io.modelcontextprotocol/tasks", Map.of()));

    @Test
    @SuppressWarnings("unchecked")
    void aLongCallBecomesATaskThatIsPolledToItsResult() throws Exception {
        Wire w = new Wire(engine);
        Map<String, Object> discovered = Wire.result(w.modern("server/discover", null, Map.of()));
        assertTrue(((Map<?, ?>) ((Map<?, ?>) discovered.get("capabilities")).get("extensions"))
                .containsKey("io.modelcontextprotocol/tasks"));
        Map<String, Object> quick = Wire.result(w.modern("tools/call", Map.of("name", "execute_query",
                "arguments", Map.of("sql", "SELECT 1 AS one")), TASKS));
        assertEquals("complete", quick.get("resultType"), "a quick call answers at once");

        Map<String, Object> handle = Wire.result(w.modern("tools/call", Map.of("name", "execute_query",
                "arguments", Map.of("sql", "SELECT count(*) AS n FROM generate_series(1, 40000000)")), TASKS));
        assertEquals("task", handle.get("resultType"), handle.toString());
        assertEquals("working", handle.get("status"));
        String id = (String) handle.get("taskId");
        Map<String, Object> task;
        long deadline = System.nanoTime() + 60_000_000_000L;
        do {
            Thread.sleep(200);
            task = Wire.result(w.modern("tasks/get", Map.of("taskId", id), TASKS));
        } while ("working".equals(task.get("status")) && System.nanoTime() < deadline);
        assertEquals("completed", task.get("status"), task.toString());
        Map<String, Object> result = (Map<String, Object>) task.get("result");
        assertEquals(false, result.get("isError"));
        assertEquals(List.of(List.of(40000000)), ((Map<?, ?>) result.get("structuredContent")).get("rows"));

        Map<String, Object> stranger = new Wire(w.protocol, Session.open(new Principal("mallory", "bearer", java.util.Set.of())))
                .modern("tasks/get", Map.of("taskId", id), TASKS);
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(stranger), "a task answers only who started it");
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.modern("tasks/get", Map.of("taskId", "nope"), TASKS)));
        assertEquals(JsonRpc.MISSING_CLIENT_CAPABILITY, Wire.code(w.modern("tasks/get", Map.of("taskId", id), Map.of())));
    }

    @Test
    void cancellingATaskStopsItsStatement() throws Exception {
        Wire w = new Wire(engine);
        String sql = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";
        Map<String, Object> handle = Wire.result(w.modern("tools/call", Map.of("name", "execute_query",
                "arguments", Map.of("sql", sql)), TASKS));
        assertEquals("task", handle.get("resultType"), handle.toString());
        String id = (String) handle.get("taskId");
        dev.pgmcp.testing.Backends.awaitRunning(url, sql, 1, java.time.Duration.ofSeconds(20));
        long sent = System.nanoTime();
        assertEquals("complete", Wire.result(w.modern("tasks/cancel", Map.of("taskId", id), TASKS)).get("resultType"));
        dev.pgmcp.testing.Backends.awaitRunning(url, sql, 0, java.time.Duration.ofSeconds(5));
        long ms = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(ms <= 500, "the statement ran on for " + ms + " ms");
        Map<String, Object> task;
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            Thread.sleep(50);
            task = Wire.result(w.modern("tasks/get", Map.of("taskId", id), TASKS));
        } while ("working".equals(task.get("status")) && System.nanoTime() < deadline);
        assertEquals("cancelled", task.get("status"), task.toString());
    }
}
