package dev.pgmcp.examples;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optional packs the launcher bundles: with {@code pgmcp-tools-bi} on the class path the engine
 * the launcher builds lists the BI tools and prompts, with {@code pgmcp-tools-nlq} the {@code query}
 * tool; without one (its service files hidden from ServiceLoader) its tools and prompts are absent and
 * every other tool is still there; without both, exactly the core tools remain.
 */
class BiPackPresenceTest {

    static final Set<String> BI_TOOLS = Set.of("get_customer_info", "get_open_tickets", "get_at_risk_customers",
            "get_customer_health_score", "get_ticket_trends");

    /** The core tools, in listing order: what an engine serves with neither pack (nor a host's tool). */
    static final List<String> CORE_TOOLS = List.of("list_schemas", "list_tables", "describe_table", "read_table",
            "execute_query", "explain_query", "get_table_stats", "search_tables", "refresh_schema", "get_database_health",
            "get_top_queries", "get_index_advice", "get_locks_and_activity");

    /** A class loader that hides every resource of the pgmcp-tools-bi module (its classes dir or jar). */
    static final class WithoutBiPack extends WithoutModules {
        WithoutBiPack(ClassLoader parent) {
            super(parent, "pgmcp-tools-bi");
        }
    }

    /** A class loader that hides every resource of the named modules (their classes dirs or jars). */
    static class WithoutModules extends ClassLoader {
        private final List<String> modules;

        WithoutModules(ClassLoader parent, String... modules) {
            super(parent);
            this.modules = List.of(modules);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> kept = new ArrayList<>();
            for (URL u : Collections.list(super.getResources(name))) {
                if (modules.stream().noneMatch(m -> u.toString().contains(m))) {
                    kept.add(u);
                }
            }
            return Collections.enumeration(kept);
        }
    }

    @Test
    void biToolsAndPromptsArePresentOnlyWithThePack() {
        PgMcpConfig config = PgMcpConfig.builder().database("main", TestPostgres.freshDatabase("bi_presence"))
                .allowUnsafeRole(true).build();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (PgMcp with = PgMcp.builder(config).classLoader(loader).build();
             PgMcp without = PgMcp.builder(config).classLoader(new WithoutBiPack(loader)).build()) {
            Set<String> withTools = new TreeSet<>(with.tools().keySet());
            assertTrue(withTools.containsAll(BI_TOOLS), withTools.toString());
            assertEquals(Set.of("customer-briefing", "churn-review"), with.prompts().keySet());
            assertEquals(2, with.prompts().size());

            Set<String> expected = new TreeSet<>(withTools);
            expected.removeAll(BI_TOOLS);
            assertEquals(expected, new TreeSet<>(without.tools().keySet()), "nothing else changes");
            assertTrue(without.prompts().isEmpty());
            // Same tools, same declarations.
            for (String name : expected) {
                assertEquals(with.tools().get(name).inputSchema(), without.tools().get(name).inputSchema(), name);
            }
            without.checkAtStartUp(); // nothing to check, nothing fails
        }
    }

    @Test
    void theQueryToolIsPresentOnlyWithItsModuleAndCoreAloneServesTheCoreTools() {
        PgMcpConfig config = PgMcpConfig.builder().database("main", TestPostgres.freshDatabase("nlq_presence"))
                .allowUnsafeRole(true).build();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (PgMcp with = PgMcp.builder(config).classLoader(loader).build();
             PgMcp without = PgMcp.builder(config).classLoader(new WithoutModules(loader, "pgmcp-tools-nlq")).build();
             PgMcp core = PgMcp.builder(config)
                     .classLoader(new WithoutModules(loader, "pgmcp-tools-nlq", "pgmcp-tools-bi")).build()) {
            // Both packs: the core tools, the five BI tools and query (the launcher's list).
            Set<String> all = new java.util.LinkedHashSet<>(CORE_TOOLS);
            all.addAll(BI_TOOLS);
            all.add("query");
            assertEquals(all, served(with));
            assertEquals(Set.of("customer-briefing", "churn-review"), with.prompts().keySet());

            Set<String> expected = new TreeSet<>(all);
            expected.remove("query");
            assertEquals(expected, served(without), "only query is gone");
            assertEquals(with.prompts().keySet(), without.prompts().keySet());
            for (String name : expected) {
                assertEquals(with.tools().get(name).inputSchema(), without.tools().get(name).inputSchema(), name);
            }

            assertEquals(CORE_TOOLS, List.copyOf(served(core)), "core alone serves exactly the core tools");
            assertTrue(core.prompts().isEmpty());
            core.checkAtStartUp();
        }
    }

    /**
     * @return the tools the engine serves, in listing order, less {@code test_discovered}: core's test
     *         jar (on this class path for its test support) lists that test tool for ServiceLoader
     */
    static Set<String> served(PgMcp engine) {
        Set<String> names = new java.util.LinkedHashSet<>(engine.tools().keySet());
        names.remove("test_discovered");
        return names;
    }
}
