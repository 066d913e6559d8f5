package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code PGMCP_TOOLS}: which tools to serve, read like every other setting and checked at build. */
class ToolSelectionConfigTest {

    private static PgMcpConfig fromEnv(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("PGMCP_DATABASE_URL", "postgresql://h/db"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return TestSettings.config(m);
    }

    @Test
    void unsetMeansEveryTool() {
        assertTrue(fromEnv().tools().isEmpty());
        assertTrue(fromEnv("PGMCP_TOOLS", "  ").tools().isEmpty());
        assertEquals("(all)", Setting.TOOLS.defaultValue());
        assertFalse(fromEnv().toString().contains("tools="), fromEnv().toString());
    }

    @Test
    void theEnvironmentListsToolsInOrderWithoutBlanksOrRepeats() {
        PgMcpConfig c = fromEnv("PGMCP_TOOLS", " execute_query, list_tables,,list_tables ");
        assertEquals(List.of("execute_query", "list_tables"), List.copyOf(c.tools()));
        assertTrue(c.toString().contains("tools=[execute_query, list_tables]"), c.toString());
        assertThrows(UnsupportedOperationException.class, () -> c.tools().add("query"));
    }

    @Test
    void theBuilderReplacesTheSelection() {
        PgMcpConfig c = PgMcpConfig.builder().database("main", "postgresql://h/db")
                .tools(List.of("query")).tools(List.of("describe_table", " ")).build();
        assertEquals(List.of("describe_table"), List.copyOf(c.tools()));
        assertTrue(PgMcpConfig.builder().database("main", "postgresql://h/db").tools(List.of()).build().tools().isEmpty());
    }

    @Test
    void aListThatNamesNoToolOrNoToolNameIsRefused() {
        ConfigException empty = assertThrows(ConfigException.class, () -> fromEnv("PGMCP_TOOLS", " , ,"));
        assertEquals("PGMCP_TOOLS", empty.setting());
        assertTrue(empty.getMessage().contains("names no tool"), empty.getMessage());

        ConfigException bad = assertThrows(ConfigException.class, () -> fromEnv("PGMCP_TOOLS", "list_tables;drop"));
        assertEquals("PGMCP_TOOLS", bad.setting());
        assertTrue(bad.getMessage().contains("'list_tables;drop' is not a tool name"), bad.getMessage());

        PgMcpConfig.Builder b = PgMcpConfig.builder().database("main", "postgresql://h/db").tools(List.of("9lives"));
        assertEquals("PGMCP_TOOLS", assertThrows(ConfigException.class, b::build).setting());
    }

    @Test
    void theSettingsFileMaySetIt() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("pgmcp-tools", ".properties");
        try {
            java.nio.file.Files.writeString(file, "PGMCP_DATABASE_URL=postgresql://h/db\nPGMCP_TOOLS=list_schemas,query\n");
            PgMcpConfig c = TestSettings.config(Map.of("PGMCP_CONFIG_FILE", file.toString()));
            assertEquals(List.of("list_schemas", "query"), List.copyOf(c.tools()));
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
