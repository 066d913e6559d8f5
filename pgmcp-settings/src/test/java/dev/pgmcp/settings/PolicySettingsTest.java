package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.ValidationMode;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layer-2 settings: PGMCP_VALIDATION, PGMCP_ALLOWED_FUNCTIONS and the schema/table lists. */
class PolicySettingsTest {

    private static PgMcpConfig fromEnv(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("PGMCP_DATABASE_URL", "postgresql://h/db");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return TestSettings.config(m);
    }

    @Test
    void defaults() {
        PgMcpConfig c = fromEnv();
        assertEquals(ValidationMode.STRICT, c.validation());
        assertEquals(Setting.VALIDATION.defaultValue(), c.validation().value());
        assertTrue(c.allowedFunctions().isEmpty());
        assertTrue(c.allowedSchemas().isEmpty());
        assertTrue(c.deniedSchemas().isEmpty());
        assertTrue(c.allowedTables().isEmpty());
        assertTrue(c.deniedTables().isEmpty());
    }

    @Test
    void readFromTheEnvironment() {
        PgMcpConfig c = fromEnv("PGMCP_VALIDATION", " Role ",
                "PGMCP_ALLOWED_FUNCTIONS", "my_random, audit.\"Now\" ,",
                "PGMCP_ALLOWED_SCHEMAS", "sales,public",
                "PGMCP_DENIED_SCHEMAS", "hr",
                "PGMCP_ALLOWED_TABLES", "hr.headcount",
                "PGMCP_DENIED_TABLES", "public.secrets, \"Sales\".\"Cards\"");
        assertEquals(ValidationMode.ROLE, c.validation());
        assertEquals(Set.of("my_random", "audit.\"Now\""), c.allowedFunctions());
        assertEquals(List.of("sales", "public"), List.copyOf(c.allowedSchemas()));
        assertEquals(Set.of("hr"), c.deniedSchemas());
        assertEquals(Set.of("hr.headcount"), c.allowedTables());
        assertEquals(Set.of("public.secrets", "\"Sales\".\"Cards\""), c.deniedTables());
    }

    @Test
    void badValuesNameTheSetting() {
        assertBad("PGMCP_VALIDATION", "lenient");
        assertBad("PGMCP_ALLOWED_FUNCTIONS", "a.b.c");
        assertBad("PGMCP_ALLOWED_FUNCTIONS", "pg_sleep(1)");
        assertBad("PGMCP_ALLOWED_SCHEMAS", "a.b");
        assertBad("PGMCP_DENIED_SCHEMAS", "1abc");
        assertBad("PGMCP_ALLOWED_TABLES", "orders");
        assertBad("PGMCP_DENIED_TABLES", "public.\"unterminated");
        assertBad("PGMCP_DENIED_TABLES", "public.");
        ConfigException e = assertThrows(ConfigException.class,
                () -> PgMcpConfig.builder().database("main", "postgresql://h/db").validation(null).build());
        assertTrue(e.getMessage().contains("PGMCP_VALIDATION"), e.getMessage());
    }

    private static void assertBad(String variable, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> fromEnv(variable, value), variable + "=" + value);
        assertTrue(e.getMessage().contains(variable), e.getMessage());
        assertTrue(e.getMessage().contains(value.trim()) || variable.equals("PGMCP_VALIDATION"), e.getMessage());
    }
}
