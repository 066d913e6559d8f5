package dev.pgmcp.bi;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.pgmcp.bi.BiFixture.error;
import static dev.pgmcp.bi.BiFixture.ok;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pack's SQL passes the same relation policy as caller SQL: with schema or table lists set, the
 * tools still work on what the lists admit and refuse what they deny.
 */
class BiToolsUnderRelationListsTest {

    static PgMcp engine(UnaryOperator<PgMcpConfig.Builder> lists) {
        PgMcpConfig config = lists.apply(PgMcpConfig.builder().database("main", BiFixture.URL).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off")).build();
        PgMcp.Builder b = PgMcp.builder(config).discoverTools(false);
        BiPack.of(BiMapping.DEMO).tools().forEach(b::addTool);
        return b.build();
    }

    @Test
    void everyToolWorksWhenTheListsAdmitItsTables() {
        try (PgMcp engine = engine(b -> b.denySchemas(List.of("crm")))) {
            ok(engine, "get_customer_info", Map.of("search", "ASML"));
            ok(engine, "get_open_tickets", Map.of());
            ok(engine, "get_at_risk_customers", Map.of("min_mrr", 50000));
            ok(engine, "get_customer_health_score", Map.of("customer_name", "accenture"));
            ok(engine, "get_ticket_trends", Map.of());
        }
        try (PgMcp engine = engine(b -> b.allowSchemas(List.of("public")))) {
            ok(engine, "get_open_tickets", Map.of());
        }
    }

    @Test
    void aToolReadingADeniedTableIsRefused() {
        try (PgMcp engine = engine(b -> b.denyTables(List.of("public.support_tickets")))) {
            String text = error(engine, "get_open_tickets", Map.of());
            assertTrue(text.contains("support_tickets"), text);
            error(engine, "get_customer_info", Map.of("search", "ASML"));
        }
    }
}
