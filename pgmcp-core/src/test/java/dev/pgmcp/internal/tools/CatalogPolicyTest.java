package dev.pgmcp.internal.tools;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the catalog tools and resources now report (view definitions, triggers, partitions, inheritance, types)
 * never names a relation the relation policy hides: views over a denied table stay hidden with their definition,
 * a partitioned table with a denied partition stays hidden with its partitions' bounds, and links to hidden
 * parents are dropped.
 */
@SuppressWarnings("unchecked")
class CatalogPolicyTest {

    static final String SETUP = """
            CREATE SCHEMA cat;
            CREATE TABLE cat.vault (code text);
            CREATE VIEW cat.opened AS SELECT code FROM cat.vault;
            CREATE MATERIALIZED VIEW cat.opened_copy AS SELECT code FROM cat.vault;
            CREATE TABLE cat.log (code text) PARTITION BY LIST (code);
            CREATE TABLE cat.vault_part PARTITION OF cat.log FOR VALUES IN ('x');
            CREATE TABLE cat.city (name text);
            CREATE TABLE cat.capital (state text) INHERITS (cat.city);
            CREATE FUNCTION cat.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER capital_touch BEFORE INSERT ON cat.capital FOR EACH ROW EXECUTE FUNCTION cat.touch();
            CREATE SCHEMA locked;
            CREATE TYPE locked.vault_mood AS ENUM ('a', 'b');
            CREATE VIEW cat.harmless AS SELECT name FROM cat.city;
            """;

    static PgMcp engine(String url, UnaryOperator<PgMcpConfig.Builder> rules) {
        return PgMcp.builder(rules.apply(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off")).build()).discoverTools(false).build();
    }

    /** Everything the schema tools and resources say about the database, as one text. */
    static String everything(PgMcp pgmcp) {
        StringBuilder all = new StringBuilder();
        ToolResult list = pgmcp.callTool("list_tables", new HashMap<>(Map.of("schema", "*", "include_partitions", true)));
        all.append(list.structuredContent()).append(list.text());
        for (Map<String, Object> t : (List<Map<String, Object>>) list.structuredContent().get("tables")) {
            ToolResult d = pgmcp.callTool("describe_table", new HashMap<>(Map.of("table_name", t.get("schema") + "." + t.get("name"))));
            assertFalse(d.error(), d.text());
            all.append(d.structuredContent()).append(d.text());
        }
        pgmcp.resources().stream().filter(r -> r.uri().equals("postgres://schema") || r.uri().equals("schema://{database}"))
                .forEach(r -> all.append(r.reader().read(Map.of("database", "main"))));
        return all.toString();
    }

    @Test
    void deniedRelationsAndSchemasAreNamedNowhere() {
        String url = TestPostgres.freshDatabase("catalog_policy");
        TestPostgres.run(url, SETUP);
        try (PgMcp pgmcp = engine(url, b -> b.denyTables(List.of("cat.vault", "cat.vault_part")).denySchemas(List.of("locked")))) {
            String all = everything(pgmcp);
            assertFalse(all.contains("vault"), all);
            assertFalse(all.contains("opened"), all);
            assertFalse(all.contains("cat.log"), "a partitioned table with a denied partition is hidden: " + all);
            assertTrue(all.contains("capital_touch"), all);
            assertTrue(all.contains("FROM cat.city"), "a view over visible tables keeps its definition: " + all);
        }
    }

    @Test
    void linksToRelationsOutsideTheAllowlistAreDropped() {
        String url = TestPostgres.freshDatabase("catalog_allow");
        TestPostgres.run(url, SETUP);
        try (PgMcp pgmcp = engine(url, b -> b.allowTables(List.of("cat.capital", "cat.vault_part")))) {
            Map<String, Object> capital = pgmcp.callTool("describe_table",
                    new HashMap<>(Map.of("table_name", "cat.capital"))).structuredContent();
            assertNull(capital.get("inherits"), capital.toString());
            Map<String, Object> part = pgmcp.callTool("describe_table",
                    new HashMap<>(Map.of("table_name", "cat.vault_part"))).structuredContent();
            assertNull(part.get("partition_of"), part.toString());
            String all = everything(pgmcp);
            assertFalse(all.contains("cat.city"), all);
            assertFalse(all.contains("cat.log"), all);
            assertEquals(2, ((List<?>) pgmcp.callTool("list_tables", new HashMap<>(Map.of("schema", "*")))
                    .structuredContent().get("tables")).size());
        }
    }
}
