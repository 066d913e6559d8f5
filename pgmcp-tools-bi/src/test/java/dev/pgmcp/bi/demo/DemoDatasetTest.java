package dev.pgmcp.bi.demo;

import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loads the demo dataset into a real PostgreSQL and checks its shape. */
class DemoDatasetTest {

    private static String url;

    @BeforeAll
    static void load() throws SQLException {
        url = TestPostgres.freshDatabase("demo_dataset");
        DemoDataset.load(url);
    }

    @Test
    void countsAreInRange() throws SQLException {
        long customers = scalarLong("SELECT count(*) FROM customers");
        long tickets = scalarLong("SELECT count(*) FROM support_tickets");
        assertTrue(customers >= 35 && customers <= 50, "customers: " + customers);
        assertTrue(tickets >= 300 && tickets <= 400, "tickets: " + tickets);
    }

    @Test
    void statusAndPriorityMixesAreRealistic() throws SQLException {
        double total = scalarLong("SELECT count(*) FROM support_tickets");
        double open = scalarLong("SELECT count(*) FROM support_tickets WHERE status = 'Open'") / total;
        double inProgress = scalarLong("SELECT count(*) FROM support_tickets WHERE status = 'In Progress'") / total;
        double high = scalarLong("SELECT count(*) FROM support_tickets WHERE priority = 'High'") / total;
        double medium = scalarLong("SELECT count(*) FROM support_tickets WHERE priority = 'Medium'") / total;
        double low = scalarLong("SELECT count(*) FROM support_tickets WHERE priority = 'Low'") / total;
        assertTrue(open > 0.18 && open < 0.32, "open share " + open);
        assertTrue(inProgress > 0.05 && inProgress < 0.15, "in-progress share " + inProgress);
        assertTrue(high > 0.14 && high < 0.27, "high share " + high);
        assertTrue(medium > 0.37 && medium < 0.53, "medium share " + medium);
        assertTrue(low > 0.27 && low < 0.43, "low share " + low);
        assertEquals(0, scalarLong("SELECT count(*) FROM support_tickets WHERE status IS NULL OR priority IS NULL"
                + " OR subject IS NULL OR customer_id IS NULL"));
    }

    @Test
    void namedCustomersExistWithCountryAndMrr() throws SQLException {
        assertCustomer("Accenture Technology Solutions", "France", "50000.00");
        assertCustomer("ASML Holding", "Netherlands", "75000.00");
        assertCustomer("BNP Paribas Digital", "France", "60000.00");
        assertCustomer("Volkswagen Group", "Germany", "80000.00");
        assertEquals(1, scalarLong("SELECT count(*) FROM customers WHERE name = 'L''Oréal Groupe'"));
    }

    @Test
    void customersAreConsistent() throws SQLException {
        // MRR matches the tier.
        assertEquals(0, scalarLong("SELECT count(*) FROM customers WHERE NOT ("
                + " (subscription_tier = 'Starter' AND mrr BETWEEN 2000 AND 9000)"
                + " OR (subscription_tier = 'Professional' AND mrr BETWEEN 10000 AND 30000)"
                + " OR (subscription_tier = 'Enterprise' AND mrr BETWEEN 35000 AND 95000))"));
        assertEquals(3, scalarLong("SELECT count(DISTINCT subscription_tier) FROM customers"));
        // Fictional e-mail domains only, all present.
        assertEquals(0, scalarLong("SELECT count(*) FROM customers WHERE email IS NULL OR email NOT LIKE '%@%-demo.eu'"));
        // Signed up one to four years ago.
        assertEquals(0, scalarLong("SELECT count(*) FROM customers"
                + " WHERE created_at > localtimestamp - interval '1 year' OR created_at < localtimestamp - interval '4 years'"));
        assertTrue(scalarLong("SELECT count(DISTINCT country) FROM customers") >= 10);
    }

    @Test
    void resolvedAtIsSetExactlyForDoneTickets() throws SQLException {
        assertEquals(0, scalarLong("SELECT count(*) FROM support_tickets"
                + " WHERE (status IN ('Open', 'In Progress')) <> (resolved_at IS NULL)"));
        assertEquals(0, scalarLong("SELECT count(*) FROM support_tickets"
                + " WHERE resolved_at IS NOT NULL AND NOT (resolved_at > created_at AND resolved_at <= localtimestamp)"));
        assertTrue(scalarLong("SELECT count(*) FROM support_tickets WHERE status = 'Resolved'") > 0);
        assertTrue(scalarLong("SELECT count(*) FROM support_tickets WHERE status = 'Closed'") > 0);
    }

    @Test
    void ticketsAreFromTheLastYearAndAfterSignUp() throws SQLException {
        assertEquals(0, scalarLong("SELECT count(*) FROM support_tickets"
                + " WHERE created_at > localtimestamp OR created_at < localtimestamp - interval '12 months 5 days'"));
        assertEquals(0, scalarLong("SELECT count(*) FROM support_tickets t JOIN customers c ON c.id = t.customer_id"
                + " WHERE t.created_at < c.created_at"));
    }

    @Test
    void highValueCustomersHaveOpenHighTickets() throws SQLException {
        List<String> names = strings("SELECT DISTINCT c.name FROM customers c JOIN support_tickets t ON t.customer_id = c.id"
                + " WHERE c.mrr > 50000 AND t.status = 'Open' AND t.priority = 'High' ORDER BY 1");
        assertTrue(names.size() >= 3, "high-value customers with open High tickets: " + names);
        assertTrue(names.containsAll(List.of("ASML Holding", "BNP Paribas Digital", "Volkswagen Group")), names.toString());
        assertTrue(scalarLong("SELECT count(*) FROM support_tickets t JOIN customers c ON c.id = t.customer_id"
                + " WHERE c.name = 'Accenture Technology Solutions' AND t.status = 'Open' AND t.priority = 'High'") > 0);
    }

    @Test
    void someCustomersHaveNoTickets() throws SQLException {
        long without = scalarLong("SELECT count(*) FROM customers c"
                + " WHERE NOT EXISTS (SELECT 1 FROM support_tickets t WHERE t.customer_id = c.id)");
        assertTrue(without >= 2 && without <= 5, "customers without tickets: " + without);
    }

    @Test
    void viewListsOpenTicketsWithCustomerContext() throws SQLException {
        long rows = scalarLong("SELECT count(*) FROM open_tickets_overview");
        assertEquals(scalarLong("SELECT count(*) FROM support_tickets WHERE status IN ('Open', 'In Progress')"), rows);
        assertTrue(rows > 0);
        assertEquals(0, scalarLong("SELECT count(*) FROM open_tickets_overview"
                + " WHERE customer_name IS NULL OR subscription_tier IS NULL OR mrr IS NULL OR days_open < 0 OR days_open > 120"));
    }

    @Test
    void everyTableViewAndColumnHasAComment() throws SQLException {
        List<String> missing = strings("SELECT c.relname || '.' || coalesce(a.attname, '<table>')"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid = c.oid"
                + "     AND d.classoid = 'pg_class'::regclass AND d.objsubid = coalesce(a.attnum, 0))"
                + " UNION ALL"
                + " SELECT c.relname || '.<table>' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')"
                + " AND obj_description(c.oid, 'pg_class') IS NULL");
        assertEquals(List.of(), missing);
        assertEquals(3, scalarLong("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')"));
    }

    @Test
    void constraintsRejectInvalidValues() {
        assertThrows(IllegalStateException.class, () -> TestPostgres.run(url,
                "BEGIN; INSERT INTO support_tickets (customer_id, subject, status, priority) VALUES (1, 'x', 'Pending', 'High'); ROLLBACK"));
        assertThrows(IllegalStateException.class, () -> TestPostgres.run(url,
                "BEGIN; INSERT INTO support_tickets (customer_id, subject, status, priority) VALUES (1, 'x', 'Open', 'Urgent'); ROLLBACK"));
        assertThrows(IllegalStateException.class, () -> TestPostgres.run(url,
                "BEGIN; INSERT INTO customers (name, email, subscription_tier) VALUES ('X', 'IT-SUPPORT@accenture-demo.eu', 'Starter'); ROLLBACK"));
        assertThrows(IllegalStateException.class, () -> TestPostgres.run(url,
                "BEGIN; INSERT INTO customers (name, subscription_tier) VALUES ('X', 'Gold'); ROLLBACK"));
    }

    @Test
    void loadingIsDeterministic() throws SQLException {
        String other = TestPostgres.freshDatabase("demo_dataset_again");
        DemoDataset.load(other);
        String content = "SELECT c.name, c.email, c.country, c.subscription_tier, c.mrr::text,"
                + " t.subject, t.status, t.priority"
                + " FROM support_tickets t JOIN customers c ON c.id = t.customer_id ORDER BY t.id";
        List<String> first = rows(url, content);
        List<String> second = rows(other, content);
        assertFalse(first.isEmpty());
        assertEquals(first, second);
        String customers = "SELECT id, name, email, country, subscription_tier, mrr::text FROM customers ORDER BY id";
        assertEquals(rows(url, customers), rows(other, customers));
    }

    @Test
    void loadingTwiceFailsClearlyAndKeepsTheData() throws SQLException {
        long before = scalarLong("SELECT count(*) FROM support_tickets");
        SQLException e = assertThrows(SQLException.class, () -> DemoDataset.load(url));
        assertEquals("42P07", e.getSQLState());
        assertTrue(e.getMessage().contains("already exist"), e.getMessage());
        assertTrue(e.getMessage().contains(DemoDataset.CUSTOMERS_TABLE), e.getMessage());
        assertEquals(before, scalarLong("SELECT count(*) FROM support_tickets"));
    }

    @Test
    void failedLoadLeavesNothingBehind() throws SQLException {
        String db = TestPostgres.freshDatabase("demo_dataset_partial");
        // Only the view name is taken: the check refuses before creating anything.
        TestPostgres.run(db, "CREATE VIEW open_tickets_overview AS SELECT 1 AS x");
        assertThrows(SQLException.class, () -> DemoDataset.load(db));
        assertEquals(List.of("open_tickets_overview"), rows(db,
                "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'public' AND relkind IN ('r', 'v', 'S') ORDER BY 1"));
        // A statement failing half-way rolls everything back, and the connection stays usable.
        String other = TestPostgres.freshDatabase("demo_dataset_rollback");
        try (Connection c = DriverManager.getConnection(other)) {
            try (Statement s = c.createStatement()) {
                // A table the schema script will try to index under an existing name.
                s.execute("CREATE TABLE customers_email_lower_key (x int)");
            }
            assertThrows(SQLException.class, () -> DemoDataset.load(c));
            assertTrue(c.getAutoCommit());
            assertEquals(List.of("customers_email_lower_key"), rows(other,
                    "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                            + " WHERE n.nspname = 'public' AND relkind IN ('r', 'v', 'S', 'i') ORDER BY 1"));
        }
    }

    @Test
    void resourcesAreOnTheClassPath() {
        ClassLoader loader = DemoDataset.class.getClassLoader();
        assertNotNull(loader.getResource(DemoDataset.SCHEMA_RESOURCE));
        assertNotNull(loader.getResource(DemoDataset.DATA_RESOURCE));
    }

    private static void assertCustomer(String name, String country, String mrr) throws SQLException {
        List<String> found = rows(url, "SELECT country || '|' || mrr::text FROM customers WHERE name = '"
                + name.replace("'", "''") + "'");
        assertEquals(List.of(country + "|" + new BigDecimal(mrr).toPlainString()), found, name);
    }

    private static long scalarLong(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        return rows(url, sql);
    }

    /** Each row as its columns joined by '|'. */
    private static List<String> rows(String jdbcUrl, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) {
                        sb.append('|');
                    }
                    sb.append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
