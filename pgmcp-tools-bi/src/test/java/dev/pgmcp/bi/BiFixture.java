package dev.pgmcp.bi;

import dev.pgmcp.PgMcp;
import dev.pgmcp.bi.demo.DemoDataset;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.SchemaConformance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One database per test JVM with the demo dataset in {@code public} and a renamed copy of it in
 * schema {@code crm} (other table and column names, another status and priority vocabulary, same
 * ids and times), plus helpers to call tools and to run the tests' own SQL.
 */
final class BiFixture {

    /** The renamed copy's mapping. */
    static final BiMapping CRM = BiMapping.builder()
            .customersTable("crm.accounts")
            .customerColumn("id", "account_no").customerColumn("name", "company").customerColumn("email", "contact")
            .customerColumn("country", "hq").customerColumn("tier", "plan").customerColumn("mrr", "monthly_revenue")
            .customerColumn("created", "signed_up")
            .ticketsTable("crm.cases")
            .ticketColumn("id", "case_no").ticketColumn("customer", "account_ref").ticketColumn("subject", "title")
            .ticketColumn("status", "state").ticketColumn("priority", "severity").ticketColumn("created", "opened")
            .ticketColumn("resolved", "closed")
            .openStatuses(List.of("new", "working"))
            .highPriorities(List.of("P1")).mediumPriorities(List.of("P2")).lowPriorities(List.of("P3", "P4"))
            .build();

    static final String URL = load();

    private BiFixture() {
    }

    private static String load() {
        String url = TestPostgres.freshDatabase("bi_tools");
        try {
            DemoDataset.load(url);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        TestPostgres.run(url, "CREATE SCHEMA crm;"
                + " CREATE TABLE crm.accounts (account_no integer PRIMARY KEY, company text NOT NULL, contact text, hq text,"
                + "   plan text, monthly_revenue numeric(12,2), signed_up timestamp);"
                + " CREATE TABLE crm.cases (case_no integer PRIMARY KEY, account_ref integer REFERENCES crm.accounts,"
                + "   title text, state text, severity text, opened timestamp, closed timestamp);"
                + " INSERT INTO crm.accounts SELECT id, name, email, country, subscription_tier, mrr, created_at FROM public.customers;"
                + " INSERT INTO crm.cases SELECT id, customer_id, subject,"
                + "   CASE status WHEN 'Open' THEN 'new' WHEN 'In Progress' THEN 'working' WHEN 'Resolved' THEN 'done' ELSE 'archived' END,"
                + "   CASE priority WHEN 'High' THEN 'P1' WHEN 'Medium' THEN 'P2' ELSE 'P3' END,"
                + "   created_at, resolved_at FROM public.support_tickets;");
        return url;
    }

    /** @return a config for the fixture database: superuser URL, no rate limits, no audit log */
    static PgMcpConfig config(String url) {
        return PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off").build();
    }

    /** @return an engine with the built-in tools and the pack's tools and prompts (no discovery) */
    static PgMcp engine(String url, BiPack pack) {
        PgMcp.Builder b = PgMcp.builder(config(url)).discoverTools(false);
        pack.tools().forEach(b::addTool);
        pack.prompts().forEach(b::addPrompt);
        return b.build();
    }

    /** Checks structured content as a client would, with the MCP SDK's validator. */

    /**
     * Calls a tool and fails on an error result, on structured content that does not conform to the
     * tool's output schema, or on a text without the untrusted-data notice.
     */
    static Map<String, Object> ok(PgMcp engine, String tool, Map<String, Object> args) {
        ToolResult r = engine.callTool(tool, args);
        assertFalse(r.error(), () -> tool + " " + args + ": " + r.text());
        assertTrue(r.text().startsWith(BiTool.UNTRUSTED_NOTICE), r.text());
        SchemaConformance.assertConforms(engine.tools().get(tool).outputSchema(), r.structuredContent(), tool + " " + args);
        return r.structuredContent();
    }

    /** Calls a tool, expects an error result, and returns its text. */
    static String error(PgMcp engine, String tool, Map<String, Object> args) {
        ToolResult r = engine.callTool(tool, args);
        assertTrue(r.error(), () -> tool + " " + args + " should fail: " + r.text());
        return r.text();
    }

    /**
     * Runs the test's own SQL and returns every row as a list of JDBC objects, timestamps as PostgreSQL's own text
     * with a {@code T} between date and time (fraction without trailing zeros, as pgmcp gives it).
     */
    static List<List<Object>> rows(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(URL); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<List<Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.add(v instanceof java.sql.Timestamp ? rs.getString(i).replace(' ', 'T') : v);
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
