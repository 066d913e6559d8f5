package dev.pgmcp.bi;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.settings.Settings;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.pgmcp.bi.BiFixture.error;
import static dev.pgmcp.bi.BiFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema mapping: the same answers on a renamed copy of the demo schema, and clear start-up errors. */
class MappingTest {

    private static final List<Map.Entry<String, Map<String, Object>>> CALLS = List.of(
            Map.entry("get_customer_info", Map.of("search", "ASML")),
            Map.entry("get_customer_info", Map.of("search", "digital")),
            Map.entry("get_open_tickets", Map.of()),
            Map.entry("get_open_tickets", Map.of("priority", "High")),
            Map.entry("get_open_tickets", Map.of("priority", "Low")),
            Map.entry("get_at_risk_customers", Map.of()),
            Map.entry("get_at_risk_customers", Map.of("min_mrr", 50000)),
            Map.entry("get_customer_health_score", Map.of("customer_name", "Accenture")),
            Map.entry("get_customer_health_score", Map.of("customer_name", "ASML Holding")),
            Map.entry("get_customer_health_score", Map.of("customer_name", "Digital")),
            Map.entry("get_ticket_trends", Map.of()),
            Map.entry("get_ticket_trends", Map.of("period", "week", "months", 2)));

    @Test
    void renamedSchemaGivesTheSameAnswers() {
        try (PgMcp demo = BiFixture.engine(BiFixture.URL, BiPack.of(BiMapping.DEMO));
             PgMcp crm = BiFixture.engine(BiFixture.URL, BiPack.of(BiFixture.CRM))) {
            crm.checkAtStartUp();
            for (Map.Entry<String, Map<String, Object>> call : CALLS) {
                Object expected = demoStatuses(ok(demo, call.getKey(), call.getValue()));
                Object actual = ok(crm, call.getKey(), call.getValue());
                assertEquals(expected, actual, call.toString());
            }
            // The copy's status vocabulary shows through as stored.
            assertTrue(ok(crm, "get_open_tickets", Map.of()).toString().contains("status=new"));
        }
    }

    /** The demo's stored statuses in the copy's vocabulary. */
    private static Object demoStatuses(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, "status".equals(k) && v instanceof String s
                    ? (s.equals("Open") ? "new" : s.equals("In Progress") ? "working" : s) : demoStatuses(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(demoStatuses(v)));
            return out;
        }
        return value;
    }

    @Test
    void propertiesFileGivesTheSameMappingAsTheBuilder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bi-mapping.properties");
        Files.writeString(file, """
                # the renamed copy
                customers.table = crm.accounts
                customers.id = account_no
                customers.name = company
                customers.email = contact
                customers.country = hq
                customers.tier = plan
                customers.mrr = monthly_revenue
                customers.created = signed_up
                tickets.table = crm.cases
                tickets.id = case_no
                tickets.customer = account_ref
                tickets.subject = title
                tickets.status = state
                tickets.priority = severity
                tickets.created = opened
                tickets.resolved = closed
                status.open = new, working
                priority.high = P1
                priority.medium = P2
                priority.low = P3, P4
                """);
        BiMapping m = BiMapping.from(Settings.of(Map.of(BiMapping.SETTING, file.toString())));
        assertEquals(BiFixture.CRM.toString().replace("builder", BiMapping.SETTING + "=" + file), m.toString());
        assertSame(BiMapping.DEMO, BiMapping.from(Settings.of(Map.of())));
        assertSame(BiMapping.DEMO, BiMapping.from(Settings.of(Map.of(BiMapping.SETTING, " "))));
    }

    @Test
    void badMappingFilesAreRefusedNamingTheSettingAndTheKey(@TempDir Path dir) throws IOException {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> BiMapping.from(Settings.of(Map.of(BiMapping.SETTING, dir.resolve("nope.properties").toString()))));
        assertEquals(BiMapping.SETTING, missing.setting());
        assertTrue(missing.getMessage().contains("nope.properties"), missing.getMessage());
        assertTrue(file(dir, "customers.nmae = x").contains("unknown key customers.nmae"));
        assertTrue(file(dir, "customers.name =").contains("customers.name is empty"));
        assertTrue(file(dir, "customers.table = a.b.c").contains("is not a table name"));
        assertTrue(file(dir, "priority.high = P1\npriority.low = P1").contains("listed twice"));
        assertTrue(file(dir, "status.open = ,").contains("status.open needs at least one value"));
    }

    private static String file(Path dir, String content) throws IOException {
        Path f = Files.writeString(dir.resolve("m" + content.hashCode() + ".properties"), content);
        ConfigException e = assertThrows(ConfigException.class, () -> BiMapping.load(f));
        assertEquals(BiMapping.SETTING, e.setting());
        return e.getMessage();
    }

    @Test
    void missingColumnFailsTheStartNamingItAndTheCandidates() {
        BiMapping typo = BiFixture.CRM.toBuilder().customerColumn("name", "compnay").ticketColumn("status", "status").build();
        try (PgMcp engine = BiFixture.engine(BiFixture.URL, BiPack.of(typo))) {
            ConfigException e = assertThrows(ConfigException.class, engine::checkAtStartUp);
            String m = e.getMessage();
            assertTrue(m.contains("column compnay (customers.name) not found in crm.accounts; its columns: company"), m);
            assertTrue(m.contains("column status (tickets.status) not found in crm.cases; its columns: state"), m);
            // A call says the same instead of running SQL.
            assertTrue(error(engine, "get_open_tickets", Map.of()).contains("compnay"));
        }
    }

    @Test
    void missingTableFailsTheStartNamingItAndTheCandidates() {
        BiMapping typo = BiMapping.builder().customersTable("crm.acounts").build();
        try (PgMcp engine = BiFixture.engine(BiFixture.URL, BiPack.of(typo))) {
            ConfigException e = assertThrows(ConfigException.class, engine::checkAtStartUp);
            assertTrue(e.getMessage().contains("table crm.acounts (customers.table) not found; existing tables and views: crm.accounts"),
                    e.getMessage());
        }
    }

    @Test
    void demoMappingOnAnotherDatabaseOnlyWarnsAndItsToolsSayWhatToConfigure() {
        String other = TestPostgres.freshDatabase("bi_other");
        TestPostgres.run(other, "CREATE TABLE orders (id int PRIMARY KEY)");
        try (PgMcp engine = BiFixture.engine(other, BiPack.of(BiMapping.DEMO))) {
            engine.checkAtStartUp(); // does not throw: the pack on the class path never stops another database's server
            String text = error(engine, "get_customer_info", Map.of("search", "x"));
            assertTrue(text.contains("table public.customers (customers.table) not found"), text);
            assertTrue(text.contains("Set " + BiMapping.SETTING), text);
            // The built-in tools are unaffected.
            assertTrue(!engine.callTool("list_tables", Map.of()).error());
        }
    }

    @Test
    void unreadableTablesAreReportedAtStartUp() {
        String other = TestPostgres.freshDatabase("bi_denied");
        TestPostgres.run(other, "CREATE SCHEMA crm; CREATE TABLE crm.accounts (account_no bigint, company text, contact text,"
                + " hq text, plan text, monthly_revenue numeric, signed_up timestamp);"
                // A subject of type int: the cast in the canonical view still works; a timestamp as text does not.
                + " CREATE TABLE crm.cases (case_no bigint, account_ref bigint, title text, state text, severity text,"
                + " opened point, closed timestamp)");
        try (PgMcp engine = BiFixture.engine(other, BiPack.of(BiFixture.CRM))) {
            ConfigException e = assertThrows(ConfigException.class, engine::checkAtStartUp);
            assertTrue(e.getMessage().contains("the mapped tables cannot be read: ERROR 42846"), e.getMessage());
        }
    }
}
