package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.pool.UnknownDatabaseException;
import dev.pgmcp.internal.resources.ResourceDefinition;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourcesTest {

    static PgMcp pgmcp;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void start() {
        String url = TestPostgres.freshDatabase("resources");
        TestPostgres.run(url, "CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL); "
                + "CREATE TABLE books (id int PRIMARY KEY, author_id int REFERENCES authors(id), title text);");
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build()).discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    static ResourceDefinition resource(String uri) {
        return pgmcp.resources().stream().filter(r -> r.uri().equals(uri)).findFirst()
                .orElseThrow(() -> new AssertionError(uri + " not among " + pgmcp.resources()));
    }

    @Test
    void definitions() {
        assertEquals(List.of("postgres://schema", "postgres://tables", "databases://list", "schema://{database}",
                "schema://{database}/{table}"), pgmcp.resources().stream().map(ResourceDefinition::uri).toList());
        assertTrue(resource("schema://{database}/{table}").template());
        assertEquals("text/plain", resource("schema://{database}/{table}").mimeType());
        assertTrue(resource("schema://{database}").template());
        assertFalse(resource("postgres://schema").template());
        assertEquals("application/json", resource("postgres://schema").mimeType());
        assertEquals("text/plain", resource("schema://{database}").mimeType());
    }

    @Test
    void schemaJson() {
        JsonNode root = JSON.readTree(resource("postgres://schema").reader().read(Map.of()));
        List<String> tables = new ArrayList<>();
        for (JsonNode t : root.get("tables")) {
            tables.add(t.get("name").asString());
        }
        assertEquals(List.of("authors", "books"), tables);
        JsonNode books = root.get("tables").get(1);
        List<String> columns = new ArrayList<>();
        for (JsonNode c : books.get("columns")) {
            columns.add(c.get("name").asString());
        }
        assertEquals(List.of("id", "author_id", "title"), columns);
        assertEquals("public.authors", books.get("foreign_keys").get(0).get("references").asString());
    }

    @Test
    void tablesJson() {
        JsonNode root = JSON.readTree(resource("postgres://tables").reader().read(Map.of()));
        assertEquals(2, root.get("tables").size());
        assertEquals("authors", root.get("tables").get(0).get("name").asString());
        assertEquals("table", root.get("tables").get(0).get("kind").asString());
    }

    @Test
    void databasesList() {
        JsonNode root = JSON.readTree(resource("databases://list").reader().read(Map.of()));
        assertEquals(1, root.get("databases").size());
        JsonNode main = root.get("databases").get(0);
        assertEquals("main", main.get("name").asString());
        assertTrue(main.get("default").asBoolean());
        assertEquals("schema://main", main.get("uri").asString());
        // One key order in every process (Map.of's order changes from JVM to JVM).
        assertEquals("{\"databases\":[{\"name\":\"main\",\"default\":true,\"uri\":\"schema://main\"}]}",
                resource("databases://list").reader().read(Map.of()));
    }

    @Test
    void schemaTemplate() {
        String text = resource("schema://{database}").reader().read(Map.of("database", "main"));
        assertTrue(text.startsWith("Database: main"), text);
        assertTrue(text.contains("public.authors"), text);
        assertTrue(text.contains("public.books"), text);
        assertTrue(text.contains("author_id"), text);
        UnknownDatabaseException e = assertThrows(UnknownDatabaseException.class,
                () -> resource("schema://{database}").reader().read(Map.of("database", "nope")));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("main"), e.getMessage());
    }
}
