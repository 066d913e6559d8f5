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
 * Acceptance 1 of the BI pack: with {@code pgmcp-tools-bi} on the class path the engine the launcher
 * builds lists the BI tools and prompts; without it (its service files hidden from ServiceLoader)
 * they are absent and every other tool is still there.
 */
class BiPackPresenceTest {

    static final Set<String> BI_TOOLS = Set.of("get_customer_info", "get_open_tickets", "get_at_risk_customers",
            "get_customer_health_score", "get_ticket_trends");

    /** A class loader that hides every resource of the pgmcp-tools-bi module (its classes dir or jar). */
    static final class WithoutBiPack extends ClassLoader {
        WithoutBiPack(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> kept = new ArrayList<>();
            for (URL u : Collections.list(super.getResources(name))) {
                if (!u.toString().contains("pgmcp-tools-bi")) {
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
}
