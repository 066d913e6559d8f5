package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings of rate limits, audit log and metrics: defaults, environment, validation. */
class OperationsConfigTest {

    private static PgMcpConfig fromEnv(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("PGMCP_DATABASE_URL", "postgresql://h/db"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return TestSettings.config(m);
    }

    @Test
    void defaultsMatchTheSettingDocumentation() {
        PgMcpConfig c = fromEnv();
        assertEquals(Setting.RATE_LIMIT_PER_MINUTE.defaultValue(), String.valueOf(c.rateLimitPerMinute()));
        assertEquals(Setting.RATE_LIMIT_PER_HOUR.defaultValue(), String.valueOf(c.rateLimitPerHour()));
        assertEquals(Setting.AUDIT_LOG.defaultValue(), c.auditLog());
        assertEquals(Setting.METRICS.defaultValue(), c.metrics());
        assertEquals(60, c.rateLimitPerMinute());
        assertEquals(1000, c.rateLimitPerHour());
    }

    @Test
    void environmentSetsThem() {
        PgMcpConfig c = fromEnv("PGMCP_RATE_LIMIT_PER_MINUTE", "0", "PGMCP_RATE_LIMIT_PER_HOUR", "5_000",
                "PGMCP_AUDIT_LOG", " /var/log/pgmcp/audit.jsonl ", "PGMCP_METRICS", "Prometheus");
        assertEquals(0, c.rateLimitPerMinute());
        assertEquals(5000, c.rateLimitPerHour());
        assertEquals("/var/log/pgmcp/audit.jsonl", c.auditLog());
        assertEquals("prometheus", c.metrics());
        assertEquals("off", fromEnv("PGMCP_AUDIT_LOG", "OFF").auditLog());
        assertEquals("stderr", fromEnv("PGMCP_AUDIT_LOG", "StdErr").auditLog());
        assertTrue(c.toString().contains("rateLimit=0/min 5000/h"), c.toString());
    }

    @Test
    void badValuesNameTheSetting() {
        for (String[] bad : new String[][]{
                {"PGMCP_RATE_LIMIT_PER_MINUTE", "-1"},
                {"PGMCP_RATE_LIMIT_PER_MINUTE", "many"},
                {"PGMCP_RATE_LIMIT_PER_HOUR", "1000001"},
                {"PGMCP_METRICS", "statsd"}}) {
            ConfigException e = assertThrows(ConfigException.class, () -> fromEnv(bad[0], bad[1]), bad[0] + "=" + bad[1]);
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
        PgMcpConfig.Builder b = PgMcpConfig.builder().database("main", "postgresql://h/db");
        assertTrue(assertThrows(ConfigException.class, () -> b.rateLimitPerHour(-5).build()).getMessage()
                .contains("PGMCP_RATE_LIMIT_PER_HOUR"));
        PgMcpConfig.Builder b2 = PgMcpConfig.builder().database("main", "postgresql://h/db");
        assertTrue(assertThrows(ConfigException.class, () -> b2.auditLog(null).build()).getMessage()
                .contains("PGMCP_AUDIT_LOG"));
    }
}
