package dev.pgmcp.internal.tools;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every built-in tool through {@link PgMcp#callTool}, on a purpose-built schema. */
@SuppressWarnings("unchecked")
class BuiltinToolsTest {

    static final String SETUP = """
            CREATE TABLE customers (
                id serial PRIMARY KEY,
                email text NOT NULL CONSTRAINT customers_email_key UNIQUE,
                name text,
                tier text NOT NULL DEFAULT 'free' CONSTRAINT tier_known CHECK (tier IN ('free', 'pro'))
            );
            COMMENT ON TABLE customers IS 'People who pay us';
            COMMENT ON COLUMN customers.email IS 'Login address';
            CREATE TABLE orders (
                id int PRIMARY KEY,
                customer_id int NOT NULL CONSTRAINT orders_customer_fk REFERENCES customers (id) ON DELETE CASCADE,
                amount numeric(10,2) NOT NULL,
                note text
            );
            CREATE INDEX orders_customer_idx ON orders (customer_id);
            COMMENT ON TABLE orders IS 'Invoices of purchases';
            CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100;
            CREATE SCHEMA archive;
            COMMENT ON SCHEMA archive IS 'Old data';
            CREATE TABLE archive.old_orders (id int PRIMARY KEY, shipped_on date);
            INSERT INTO customers (email, name, tier) VALUES ('a@x', 'Ann', 'pro'), ('b@x', 'Bob', 'free'), ('c@x', NULL, 'free');
            INSERT INTO orders SELECT g, 1 + g % 3, g * 10.5, NULL FROM generate_series(1, 25) g;
            ANALYZE;
            """;

    static String url;
    static PgMcp pgmcp;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("builtin_tools");
        TestPostgres.run(url, SETUP);
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).maxRows(20)
                        .rateLimitPerMinute(0).rateLimitPerHour(0).build())
                .discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> ok(String tool, Object... kv) {
        ToolResult r = pgmcp.callTool(tool, args(kv));
        assertFalse(r.error(), tool + ": " + r.text());
        assertNotNull(r.structuredContent(), tool);
        assertFalse(r.text().isBlank());
        return r.structuredContent();
    }

    static ToolResult error(String tool, Object... kv) {
        ToolResult r = pgmcp.callTool(tool, args(kv));
        assertTrue(r.error(), tool + " should fail: " + r.text());
        assertNull(r.structuredContent());
        assertFalse(r.text().contains("Exception"), r.text());
        assertFalse(r.text().contains("\tat "), r.text());
        return r;
    }

    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) m.get(key);
    }

    static List<String> names(List<Map<String, Object>> items, String key) {
        return items.stream().map(i -> (String) i.get(key)).toList();
    }

    static Map<String, Object> byName(List<Map<String, Object>> items, String name) {
        return items.stream().filter(i -> name.equals(i.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + items));
    }

    static long count(String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void everyBuiltinToolIsListed() {
        assertEquals(List.of("list_schemas", "list_tables", "describe_table", "read_table", "execute_query",
                "explain_query", "get_table_stats", "search_tables", "refresh_schema", "get_database_health", "get_top_queries",
                "get_index_advice", "get_locks_and_activity"), new ArrayList<>(pgmcp.tools().keySet()));
    }

    @Test
    void listSchemas() {
        List<Map<String, Object>> schemas = list(ok("list_schemas"), "schemas");
        assertEquals(List.of("archive", "public"), names(schemas, "name").stream().sorted().toList());
        Map<String, Object> pub = byName(schemas, "public");
        assertEquals(2, pub.get("tables"));
        assertEquals(1, pub.get("views"));
        Map<String, Object> archive = byName(schemas, "archive");
        assertEquals("Old data", archive.get("comment"));
        assertEquals(1, archive.get("tables"));
        assertEquals(0, archive.get("views"));
    }

    @Test
    void listTables() {
        Map<String, Object> pub = ok("list_tables");
        assertEquals(List.of("big_orders", "customers", "orders"), names(list(pub, "tables"), "name"));
        assertEquals(3, pub.get("total"));
        assertEquals(false, pub.get("truncated"));
        Map<String, Object> customers = byName(list(pub, "tables"), "customers");
        assertEquals("public", customers.get("schema"));
        assertEquals("table", customers.get("kind"));
        assertEquals("People who pay us", customers.get("comment"));
        assertEquals(3L, ((Number) customers.get("estimated_rows")).longValue());
        assertEquals("view", byName(list(pub, "tables"), "big_orders").get("kind"));

        Map<String, Object> all = ok("list_tables", "schema", "*");
        assertEquals(4, all.get("total"));
        assertTrue(names(list(all, "tables"), "name").contains("old_orders"));

        Map<String, Object> page1 = ok("list_tables", "schema", "*", "limit", 2, "offset", 0);
        Map<String, Object> page2 = ok("list_tables", "schema", "*", "limit", 2, "offset", 2);
        Map<String, Object> page3 = ok("list_tables", "schema", "*", "limit", 2, "offset", 4);
        assertEquals(true, page1.get("truncated"));
        assertEquals(false, page2.get("truncated"));
        assertEquals(0, list(page3, "tables").size());
        List<String> paged = new ArrayList<>(names(list(page1, "tables"), "name"));
        paged.addAll(names(list(page2, "tables"), "name"));
        assertEquals(names(list(all, "tables"), "name"), paged);

        assertEquals(List.of("old_orders"), names(list(ok("list_tables", "schema", "archive"), "tables"), "name"));
        assertTrue(error("list_tables", "limit", 0).text().startsWith("Invalid arguments: limit"));
    }

    @Test
    void describeTable() {
        Map<String, Object> d = ok("describe_table", "table_name", "orders");
        assertEquals("public", d.get("schema"));
        assertEquals("orders", d.get("name"));
        assertEquals("table", d.get("kind"));
        List<Map<String, Object>> cols = list(d, "columns");
        assertEquals(List.of("id", "customer_id", "amount", "note"), names(cols, "name"));
        assertEquals(false, byName(cols, "customer_id").get("nullable"));
        assertEquals(true, byName(cols, "note").get("nullable"));
        assertTrue(((String) byName(cols, "amount").get("type")).startsWith("numeric(10,2)"), cols.toString());
        assertEquals(Map.of("name", "orders_pkey", "columns", List.of("id")), d.get("primary_key"));
        List<Map<String, Object>> fks = list(d, "foreign_keys");
        assertEquals(1, fks.size());
        Map<String, Object> fk = fks.get(0);
        assertEquals("orders_customer_fk", fk.get("name"));
        assertEquals(List.of("customer_id"), fk.get("columns"));
        assertEquals("public.customers", fk.get("references"));
        assertEquals(List.of("id"), fk.get("referenced_columns"));
        assertTrue(String.valueOf(fk.get("on_delete")).toLowerCase().contains("cascade"), fk.toString());
        List<Map<String, Object>> indexes = list(d, "indexes");
        assertTrue(names(indexes, "name").containsAll(List.of("orders_pkey", "orders_customer_idx")), indexes.toString());
        assertEquals(List.of("customer_id"), byName(indexes, "orders_customer_idx").get("columns"));
        assertEquals(false, byName(indexes, "orders_customer_idx").get("unique"));
        assertEquals(true, byName(indexes, "orders_pkey").get("primary"));

        Map<String, Object> c = ok("describe_table", "table_name", "customers");
        List<Map<String, Object>> ccols = list(c, "columns");
        assertEquals("Login address", byName(ccols, "email").get("comment"));
        assertTrue(String.valueOf(byName(ccols, "id").get("default")).contains("nextval"), ccols.toString());
        assertEquals("'free'::text", byName(ccols, "tier").get("default"));
        assertEquals("text", byName(ccols, "name").get("type"));
        assertEquals(List.of(Map.of("name", "customers_email_key", "columns", List.of("email"))), c.get("unique_constraints"));
        List<Map<String, Object>> checks = list(c, "check_constraints");
        assertEquals(List.of("tier_known"), names(checks, "name"));
        assertTrue(((String) checks.get(0).get("definition")).contains("'pro'"), checks.toString());
        assertEquals("People who pay us", c.get("comment"));

        Map<String, Object> qualified = ok("describe_table", "table_name", "archive.old_orders");
        assertEquals("archive", qualified.get("schema"));
        assertEquals(List.of("id", "shipped_on"), names(list(qualified, "columns"), "name"));
        assertEquals("date", byName(list(qualified, "columns"), "shipped_on").get("type"));
        assertEquals("archive", ok("describe_table", "table_name", "old_orders", "schema", "archive").get("schema"));

        ToolResult unknown = error("describe_table", "table_name", "order");
        assertTrue(unknown.text().startsWith("Invalid arguments: table_name"), unknown.text());
        assertTrue(unknown.text().contains("public.orders"), unknown.text());
        assertTrue(error("describe_table").text().contains("table_name: required"));
    }

    @Test
    void readTable() {
        Map<String, Object> page1 = ok("read_table", "table_name", "orders", "limit", 10);
        Map<String, Object> page2 = ok("read_table", "table_name", "orders", "limit", 10, "offset", 10);
        Map<String, Object> page3 = ok("read_table", "table_name", "orders", "limit", 10, "offset", 20);
        List<List<Object>> r1 = (List<List<Object>>) page1.get("rows");
        List<List<Object>> r2 = (List<List<Object>>) page2.get("rows");
        List<List<Object>> r3 = (List<List<Object>>) page3.get("rows");
        assertEquals(10, r1.size());
        assertEquals(10, r2.size());
        assertEquals(5, r3.size());
        List<Object> ids = new ArrayList<>();
        for (List<List<Object>> page : List.of(r1, r2, r3)) {
            page.forEach(row -> ids.add(row.get(0)));
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            expected.add(i);
        }
        assertEquals(expected, ids);
        // A full page is not a cap: it says so and where the next page starts.
        assertEquals(false, page1.get("truncated"));
        assertEquals(true, page1.get("page_full"));
        assertEquals(10, page1.get("next_offset"));
        assertEquals(20, page2.get("next_offset"));
        assertEquals(false, page3.get("truncated"));
        assertEquals(null, page3.get("next_offset"));
        assertEquals("public.orders", page1.get("table"));
        assertEquals(List.of("10.50"), List.of(r1.get(0).get(2)));
        assertEquals(Map.of("name", "amount", "type", "numeric"), ((List<?>) page1.get("columns")).get(2));
        // The server's row cap (20) bounds the page size.
        Map<String, Object> capped = ok("read_table", "table_name", "orders", "limit", 1000);
        assertEquals(20, ((List<?>) capped.get("rows")).size());
        assertEquals(true, capped.get("truncated"));
    }

    @Test
    void executeQuery() {
        Map<String, Object> r = ok("execute_query", "sql",
                "SELECT id, email, tier = 'pro' AS is_pro FROM customers WHERE id <= $1 ORDER BY id", "params", List.of(2));
        assertEquals(List.of(Map.of("name", "id", "type", "int4"), Map.of("name", "email", "type", "text"),
                Map.of("name", "is_pro", "type", "bool")), r.get("columns"));
        assertEquals(List.of(List.of(1, "a@x", true), List.of(2, "b@x", false)), r.get("rows"));
        assertEquals(2, r.get("rowCount"));
        assertEquals(false, r.get("truncated"));

        Map<String, Object> limited = ok("execute_query", "sql", "SELECT id FROM orders ORDER BY id", "limit", 5);
        assertEquals(5, limited.get("rowCount"));
        assertEquals(true, limited.get("truncated"));
        assertEquals(List.of("rows"), limited.get("truncation"));

        Map<String, Object> nulls = ok("execute_query", "sql", "SELECT $1::text IS NULL, $2::text",
                "params", Arrays.asList(null, "x"));
        assertEquals(List.of(Arrays.asList(true, "x")), nulls.get("rows"));

        ToolResult rejected = error("execute_query", "sql", "DELETE FROM orders");
        assertTrue(rejected.text().startsWith("Query rejected"), rejected.text());

        ToolResult missing = error("execute_query", "sql", "SELECT * FROM no_such_table");
        assertTrue(missing.text().contains("42P01"), missing.text());
        assertTrue(missing.text().contains("no_such_table"), missing.text());

        ToolResult divide = error("execute_query", "sql", "SELECT 1 / (id - id) FROM customers");
        assertTrue(divide.text().contains("22012"), divide.text());
    }

    /**
     * Every object in every built-in tool's structured content has a fixed key order: a map type
     * that keeps insertion or sorted order. {@code Map.of} with two or more entries iterates in an
     * order that changes from JVM to JVM, so server processes disagreed on the JSON they sent.
     */
    @Test
    void everyToolsStructuredContentHasOneKeyOrderInEveryProcess() {
        List<Map<String, Object>> results = List.of(ok("list_schemas"), ok("list_tables", "schema", "*"),
                ok("describe_table", "table_name", "customers"), ok("describe_table", "table_name", "orders"),
                ok("read_table", "table_name", "orders", "limit", 3),
                ok("execute_query", "sql", "SELECT id, email FROM customers ORDER BY id LIMIT 2"),
                ok("explain_query", "sql", "SELECT * FROM orders"), ok("get_table_stats", "table_name", "orders"),
                ok("search_tables", "search_term", "order"), ok("refresh_schema"));
        for (Map<String, Object> r : results) {
            assertFixedOrder(r, "$");
        }
        Map<String, Object> q = ok("execute_query", "sql", "SELECT id, email FROM customers ORDER BY id LIMIT 1");
        assertEquals("{\"columns\":[{\"name\":\"id\",\"type\":\"int4\"},{\"name\":\"email\",\"type\":\"text\"}],"
                + "\"rows\":[[1,\"a@x\"]],\"rowCount\":1,\"truncated\":false}", dev.pgmcp.internal.tools.Render.json(q));
        Map<String, Object> page = ok("read_table", "table_name", "orders", "limit", 1);
        assertEquals(List.of("table", "offset", "limit", "order", "columns", "rows", "rowCount", "truncated",
                "page_full", "next_offset"), List.copyOf(page.keySet()));
        Map<String, Object> c = ok("describe_table", "table_name", "customers");
        assertEquals(List.of("name", "columns"), List.copyOf(((Map<String, Object>) c.get("primary_key")).keySet()));
        assertEquals(List.of("name", "columns"),
                List.copyOf(((List<Map<String, Object>>) c.get("unique_constraints")).get(0).keySet()));
        assertEquals(List.of("name", "definition"),
                List.copyOf(((List<Map<String, Object>>) c.get("check_constraints")).get(0).keySet()));
    }

    static void assertFixedOrder(Object value, String path) {
        if (value instanceof Map<?, ?> m) {
            assertTrue(m.size() <= 1 || m instanceof java.util.LinkedHashMap || m instanceof java.util.SortedMap,
                    path + " is a " + m.getClass().getName() + ", whose key order differs between processes: " + m.keySet());
            m.forEach((k, v) -> assertFixedOrder(v, path + "." + k));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                assertFixedOrder(l.get(i), path + "[" + i + "]");
            }
        }
    }

    @Test
    void nulCharactersAreRefusedAsTheCallersInputNotAsAnOutage() {
        ToolResult inSql = error("execute_query", "sql", "SELECT 'a\u0000b' AS v");
        assertTrue(inSql.text().startsWith("Query rejected: The query contains a NUL character"), inSql.text());
        ToolResult inParam = error("execute_query", "sql", "SELECT $1::text, $2::text", "params", List.of("ok", "a\u0000b"));
        assertEquals("Invalid arguments: params[1]: contains a NUL character (U+0000) at position 2, which PostgreSQL "
                + "text cannot hold; remove it (send binary data as hex and decode it in SQL: decode($1, 'hex'))", inParam.text());
        for (ToolResult r : List.of(inSql, inParam)) {
            assertFalse(r.text().contains("retry"), r.text());
            assertFalse(r.text().contains("unavailable"), r.text());
        }
    }

    @Test
    void explainQuery() {
        Map<String, Object> text = ok("explain_query", "sql", "SELECT * FROM orders WHERE customer_id = $1", "params", List.of(1));
        assertEquals("text", text.get("format"));
        assertTrue(((String) text.get("plan")).contains("orders"), text.toString());
        assertTrue(((String) text.get("plan")).contains("cost="), text.toString());

        Map<String, Object> json = ok("explain_query", "sql", "SELECT count(*) FROM customers", "format", "json");
        assertEquals("json", json.get("format"));
        JsonNode plan = assertInstanceOf(JsonNode.class, json.get("plan"));
        assertTrue(plan.isArray(), plan.toString());
        assertTrue(plan.get(0).get("Plan").has("Node Type"), plan.toString());
        // A row estimate beyond 2^53 (10^18 rows): a JSON reader would not read it exactly, so the plan is its text.
        Map<String, Object> huge = ok("explain_query", "sql",
                "SELECT 1 FROM generate_series(1, 1000000000) a, generate_series(1, 1000000000) b", "format", "json");
        String hugeText = assertInstanceOf(String.class, huge.get("plan"));
        assertTrue(hugeText.contains("\"Plan Rows\": 1000000000000000000"), hugeText);
        JsonChecks.assertJavaScriptReadsExactly(Render.json(huge));

        assertTrue(error("explain_query", "sql", "EXPLAIN ANALYZE SELECT 1").text().startsWith("Invalid arguments"));
        assertTrue(error("explain_query", "sql", "/* hi */ explain SELECT 1").text().startsWith("Invalid arguments"));
        assertTrue(error("explain_query", "sql", "SELECT 1", "format", "yaml").text().contains("format"));
        assertTrue(error("explain_query", "sql", "DELETE FROM orders").text().startsWith("Query rejected"));
    }

    @Test
    void tableStats() throws Exception {
        Map<String, Object> s = null;
        for (int i = 0; i < 50; i++) { // the statistics collector may report ANALYZE a moment later
            s = ok("get_table_stats", "table_name", "orders");
            if (((Number) s.get("live_rows")).longValue() == 25) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(25L, ((Number) s.get("live_rows")).longValue(), s.toString());
        assertEquals("orders", s.get("name"));
        assertEquals("public", s.get("schema"));
        assertEquals(4, s.get("column_count"));
        Map<String, Object> types = (Map<String, Object>) s.get("column_types");
        assertEquals(2, types.get("integer"), types.toString());
        assertEquals(1, types.get("text"), types.toString());
        assertTrue(((Number) s.get("total_bytes")).longValue() > 0);
        assertNotNull(s.get("last_analyze"));
        assertTrue(error("get_table_stats", "table_name", "nope").text().startsWith("Invalid arguments"));
    }

    @Test
    void searchTables() {
        Map<String, Object> byColumn = ok("search_tables", "search_term", "EMAIL");
        List<Map<String, Object>> cols = list(byColumn, "columns");
        assertEquals(1, cols.size(), cols.toString());
        assertEquals("customers", cols.get(0).get("table"));
        assertEquals("email", cols.get(0).get("column"));
        assertEquals("Login address", cols.get(0).get("comment"));

        Map<String, Object> byComment = ok("search_tables", "search_term", "invoice");
        assertEquals(List.of("orders"), names(list(byComment, "tables"), "name"));
        assertEquals(false, byComment.get("truncated"));

        Map<String, Object> scoped = ok("search_tables", "search_term", "orders", "schema", "archive");
        assertEquals(List.of("old_orders"), names(list(scoped, "tables"), "name"));

        Map<String, Object> none = ok("search_tables", "search_term", "zzzz");
        assertEquals(List.of(), none.get("tables"));
        assertEquals(List.of(), none.get("columns"));
    }

    @Test
    void refreshSchema() {
        assertFalse(names(list(ok("list_tables"), "tables"), "name").contains("late_table"));
        TestPostgres.run(url, "CREATE TABLE late_table (x int)");
        assertFalse(names(list(ok("list_tables"), "tables"), "name").contains("late_table"), "cached");
        Map<String, Object> r = ok("refresh_schema");
        assertEquals("main", r.get("database"));
        assertTrue(((Number) r.get("relations")).intValue() >= 5, r.toString());
        assertTrue(names(list(ok("list_tables"), "tables"), "name").contains("late_table"));
        // A query against the new table works without a refresh too (it is not cached).
        assertEquals(0, ok("execute_query", "sql", "SELECT * FROM late_table").get("rowCount"));
        TestPostgres.run(url, "DROP TABLE late_table");
        ok("refresh_schema");
        assertFalse(names(list(ok("list_tables"), "tables"), "name").contains("late_table"));
    }

    @Test
    void unknownDatabaseArgument() {
        ToolResult r = error("list_tables", "database", "other");
        assertTrue(r.text().startsWith("Invalid arguments"), r.text());
        assertTrue(r.text().contains("main"), r.text());
    }

    @Test
    void attacksAreRejectedAndLeaveTheDataIntact() throws Exception {
        String[] attacks = {
                "COMMIT; DROP TABLE customers",
                "WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d",
                "SELECT nextval('customers_id_seq')",
                "SELECT pg_sleep(60)"};
        for (String sql : attacks) {
            long start = System.nanoTime();
            ToolResult r = error("execute_query", "sql", sql);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(r.text().startsWith("Query rejected"), sql + " -> " + r.text());
            assertTrue(millis < 5000, sql + " took " + millis + " ms");
            assertEquals(3, count("customers"), sql);
            assertEquals(List.of(List.of(3L)), ok("execute_query", "sql", "SELECT count(*) FROM customers").get("rows"));
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM customers_id_seq")) {
            rs.next();
            assertEquals(3, rs.getLong(1));
        }
    }
}
