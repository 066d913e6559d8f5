package dev.pgmcp.nlq;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code pgmcp-tools-nlq} on the class path, ServiceLoader adds the {@code query} tool to the
 * engine; without it (its service file hidden), or with discovery off, the engine serves no
 * {@code query} tool and every other tool is unchanged.
 */
class QueryToolDiscoveryTest {

    static PgMcpConfig config;

    /** A class loader that hides every resource of the pgmcp-tools-nlq module (its classes dir or jar). */
    static final class WithoutNlq extends ClassLoader {
        WithoutNlq(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> kept = new ArrayList<>();
            for (URL u : Collections.list(super.getResources(name))) {
                if (!u.toString().contains("pgmcp-tools-nlq")) {
                    kept.add(u);
                }
            }
            return Collections.enumeration(kept);
        }
    }

    @BeforeAll
    static void database() {
        String url = TestPostgres.freshDatabase("nlq_discovery");
        TestPostgres.run(url, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2);");
        config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off").build();
    }

    @Test
    void serviceLoaderAddsTheQueryToolOnlyWithTheModule() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (PgMcp with = PgMcp.builder(config).classLoader(loader).build();
             PgMcp without = PgMcp.builder(config).classLoader(new WithoutNlq(loader)).build();
             PgMcp undiscovered = PgMcp.builder(config).discoverTools(false).build()) {
            assertInstanceOf(NaturalLanguageQueryTool.class, with.tools().get("query"));
            assertFalse(without.tools().containsKey("query"), without.tools().keySet().toString());
            assertFalse(undiscovered.tools().containsKey("query"), undiscovered.tools().keySet().toString());

            Set<String> expected = new TreeSet<>(with.tools().keySet());
            expected.remove("query");
            assertEquals(expected, new TreeSet<>(without.tools().keySet()), "nothing else changes");
            with.checkAtStartUp(); // the settings in force are valid

            ScriptedSampler model = new ScriptedSampler("SELECT count(*) AS n FROM t");
            ToolResult r = with.callTool("query", Map.of("question", "How many rows are in t?"),
                    new CallInfo(Principal.LOCAL, null, model));
            assertFalse(r.error(), r.text());
            assertEquals(List.of(List.of(2L)), r.structuredContent().get("rows"));
        }
    }

    @Test
    void itsListingKeepsTheSafetyFactsAndTheCompactDatabaseArgument() {
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false)
                .addTool(new NaturalLanguageQueryTool(LlmSettings.DEFAULTS)).build()) {
            var query = pgmcp.tools().get("query");
            assertTrue(query.description().contains("untrusted data"), query.description());
            assertTrue(query.description().length() <= 300, query.description());
            assertTrue(query.annotations().title().length() <= 20, query.annotations().title());
            assertTrue(query.annotations().readOnlyHint() && !query.annotations().destructiveHint());
            Map<?, ?> properties = (Map<?, ?>) pgmcp.inputSchema(query).get("properties");
            assertEquals(Map.of("type", "string"), properties.get("database"));
            assertEquals(Map.of("type", "integer"), properties.get("limit"));
            assertEquals(false, pgmcp.inputSchema(query).get("additionalProperties"));
        }
    }

    @Test
    void aHostAddsTheToolWithItsOwnSettings() {
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false)
                .addTool(new NaturalLanguageQueryTool(LlmSettings.DEFAULTS)).build()) {
            ToolResult r = pgmcp.callTool("query", Map.of("question", "How many rows are in t?"));
            assertTrue(r.error());
            assertEquals(NaturalLanguageQueryTool.NO_GENERATOR, r.text());
        }
        assertThrows(NullPointerException.class, () -> new NaturalLanguageQueryTool(null));
    }

    @Test
    void invalidSettingsStopTheStartAndEveryCallNamesThem() {
        ConfigException bad = new ConfigException("PGMCP_LLM_TIMEOUT_MS", "is 10; allowed range is 1000..600000");
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false)
                .addTool(new NaturalLanguageQueryTool(null, bad)).build()) {
            assertSame(bad, assertThrows(ConfigException.class, pgmcp::checkAtStartUp));
            ScriptedSampler model = new ScriptedSampler("SELECT 1");
            ToolResult r = pgmcp.callTool("query", Map.of("question", "anything"), new CallInfo(Principal.LOCAL, null, model));
            assertTrue(r.error());
            assertEquals("The query tool is not configured: PGMCP_LLM_TIMEOUT_MS: is 10; allowed range is 1000..600000",
                    r.text());
            assertEquals(0, model.requests.size());
        }
    }
}
