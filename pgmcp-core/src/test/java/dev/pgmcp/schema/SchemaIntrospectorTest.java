package dev.pgmcp.schema;

import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SchemaIntrospector against a purpose-built schema covering every relation and constraint kind. */
class SchemaIntrospectorTest {

    static final String READER = "pgmcp_schema_reader_" + ProcessHandle.current().pid();

    static final String SETUP = """
            CREATE SCHEMA shop;
            COMMENT ON SCHEMA shop IS 'Shop data';
            CREATE TABLE shop.customers (
                id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                email varchar(100) NOT NULL,
                name text,
                created_at timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT customers_email_key UNIQUE (email)
            );
            COMMENT ON TABLE shop.customers IS 'People who buy things';
            COMMENT ON COLUMN shop.customers.email IS 'Login e-mail';
            CREATE INDEX customers_lower_email_idx ON shop.customers (lower(email));
            INSERT INTO shop.customers (email, name) VALUES ('a@x', 'A'), ('b@x', 'B'), ('c@x', NULL);
            ANALYZE shop.customers;

            CREATE TABLE shop.products (
                sku text PRIMARY KEY,
                price numeric(10,2) NOT NULL CONSTRAINT price_positive CHECK (price > 0),
                price_with_tax numeric(10,2) GENERATED ALWAYS AS (price * 1.2) STORED,
                scratch integer
            );
            ALTER TABLE shop.products DROP COLUMN scratch;
            ALTER TABLE shop.products ADD COLUMN note text;

            CREATE TABLE shop.orders (
                customer_id integer NOT NULL REFERENCES shop.customers (id) ON DELETE CASCADE,
                order_no integer NOT NULL,
                status text NOT NULL DEFAULT 'new',
                CONSTRAINT orders_pkey PRIMARY KEY (customer_id, order_no)
            );
            CREATE INDEX orders_open_idx ON shop.orders (status) WHERE status <> 'done';

            CREATE TABLE shop.order_lines (
                customer_id integer NOT NULL,
                order_no integer NOT NULL,
                line_no smallint NOT NULL,
                sku text NOT NULL REFERENCES shop.products ON UPDATE CASCADE ON DELETE RESTRICT,
                qty integer NOT NULL CHECK (qty > 0),
                CONSTRAINT order_lines_pkey PRIMARY KEY (customer_id, order_no, line_no),
                CONSTRAINT order_lines_sku_once UNIQUE (customer_id, order_no, sku),
                CONSTRAINT order_lines_order_fk FOREIGN KEY (order_no, customer_id)
                    REFERENCES shop.orders (order_no, customer_id) ON DELETE SET DEFAULT
            );

            CREATE VIEW shop.open_orders AS SELECT customer_id, order_no FROM shop.orders WHERE status <> 'done';
            COMMENT ON VIEW shop.open_orders IS 'Orders not yet done';
            CREATE MATERIALIZED VIEW shop.product_prices AS SELECT sku, price FROM shop.products;
            CREATE UNIQUE INDEX product_prices_sku ON shop.product_prices (sku);

            CREATE TABLE shop.events (
                id bigint NOT NULL,
                happened_on date NOT NULL,
                payload jsonb,
                PRIMARY KEY (id, happened_on)
            ) PARTITION BY RANGE (happened_on);
            CREATE TABLE shop.events_2024 PARTITION OF shop.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE shop.events_2025 PARTITION OF shop.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

            CREATE FOREIGN DATA WRAPPER pgmcp_dummy_fdw;
            CREATE SERVER pgmcp_dummy_server FOREIGN DATA WRAPPER pgmcp_dummy_fdw;
            CREATE FOREIGN TABLE shop.remote_things (id integer, label text) SERVER pgmcp_dummy_server;

            CREATE TABLE shop."MixedCase" (x integer);

            CREATE SCHEMA audit;
            CREATE TABLE audit.log (id bigserial PRIMARY KEY, message text NOT NULL);
            CREATE TABLE audit."Dup" (x integer);
            CREATE TABLE audit."DUP" (x integer);
            CREATE SEQUENCE audit.standalone_seq;
            CREATE TYPE audit.pair AS (a integer, b integer);
            """;

    static String url;
    static String superuser;
    static int serverVersionNum;
    static CatalogSnapshot snapshot;

    @BeforeAll
    static void setUp() throws Exception {
        url = TestPostgres.freshDatabase("introspector");
        TestPostgres.run(url, SETUP);
        TestPostgres.run(url, "CREATE ROLE " + READER + " NOLOGIN;"
                + " GRANT USAGE ON SCHEMA shop TO " + READER + ";"
                + " GRANT SELECT ON shop.customers TO " + READER + ";"
                + " GRANT SELECT (sku) ON shop.products TO " + READER + ";");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, current_setting('server_version_num')::int")) {
            rs.next();
            superuser = rs.getString(1);
            serverVersionNum = rs.getInt(2);
        }
        snapshot = new SchemaIntrospector(new TestDataSource(url)).load();
    }

    @AfterAll
    static void dropRole() {
        if (url != null) {
            TestPostgres.run(url, "DROP OWNED BY " + READER + "; DROP ROLE IF EXISTS " + READER);
        }
    }

    private static RelationInfo rel(String schema, String name) {
        return snapshot.find(schema, name).orElseThrow(() -> new AssertionError("missing " + schema + "." + name));
    }

    @Test
    void snapshotMetadata() {
        assertTrue(snapshot.database().startsWith("introspector_"), snapshot.database());
        assertFalse(snapshot.serverVersion().isBlank());
        assertNotNull(snapshot.loadedAt());
    }

    @Test
    void schemasExcludeSystemOnesAndCountRelations() {
        List<String> names = snapshot.schemas().stream().map(SchemaInfo::name).toList();
        assertEquals(List.of("audit", "public", "shop"), names);
        SchemaInfo shop = snapshot.schemas().get(2);
        assertEquals(new SchemaInfo("shop", superuser, "Shop data", 9, 2), shop);
        SchemaInfo audit = snapshot.schemas().get(0);
        assertEquals(new SchemaInfo("audit", superuser, null, 3, 0), audit);
        assertEquals(0, snapshot.schemas().get(1).tableCount());
    }

    @Test
    void relationsAreSortedAndOnlyReportedKinds() {
        List<String> names = snapshot.relations().stream().map(RelationInfo::qualifiedName).toList();
        assertEquals(List.of("audit.DUP", "audit.Dup", "audit.log",
                "shop.MixedCase", "shop.customers", "shop.events", "shop.events_2024", "shop.events_2025",
                "shop.open_orders", "shop.order_lines", "shop.orders", "shop.product_prices", "shop.products",
                "shop.remote_things"), names);
        assertEquals(names.subList(3, 14), snapshot.relations("shop").stream().map(RelationInfo::qualifiedName).toList());
        assertEquals(List.of(), snapshot.relations("nope"));
        assertEquals(List.of(), snapshot.relations("public"));
    }

    @Test
    void kinds() {
        assertEquals(RelationKind.TABLE, rel("shop", "customers").kind());
        assertEquals(RelationKind.VIEW, rel("shop", "open_orders").kind());
        assertEquals(RelationKind.MATERIALIZED_VIEW, rel("shop", "product_prices").kind());
        assertEquals(RelationKind.PARTITIONED_TABLE, rel("shop", "events").kind());
        assertEquals(RelationKind.TABLE, rel("shop", "events_2024").kind());
        assertEquals(RelationKind.FOREIGN_TABLE, rel("shop", "remote_things").kind());
        assertEquals("materialized view", RelationKind.MATERIALIZED_VIEW.label());
        assertEquals("partitioned table", RelationKind.PARTITIONED_TABLE.label());
    }

    @Test
    void customersColumnsCommentsIdentityAndDefaults() {
        RelationInfo t = rel("shop", "customers");
        assertEquals("People who buy things", t.comment());
        assertEquals(List.of(
                new ColumnInfo("id", 1, "integer", false, null, null, "ALWAYS", null, null),
                new ColumnInfo("email", 2, "character varying(100)", false, null, "Login e-mail", null, null, null),
                new ColumnInfo("name", 3, "text", true, null, null, null, null, null),
                new ColumnInfo("created_at", 4, "timestamp with time zone", false, "now()", null, null, null, null)),
                t.columns());
        assertEquals(new PrimaryKeyInfo("customers_pkey", List.of("id")), t.primaryKey());
        assertEquals(List.of(new UniqueConstraintInfo("customers_email_key", List.of("email"))), t.uniqueKeys());
        assertEquals(List.of(), t.foreignKeys());
        assertEquals(List.of(), t.checks());
        assertNull(t.partitionOf());
    }

    @Test
    void sizesAndEstimates() {
        RelationInfo t = rel("shop", "customers");
        assertEquals(3, t.estimatedRows());
        assertTrue(t.tableBytes() > 0);
        assertTrue(t.indexBytes() > 0);
        assertEquals(t.totalBytes(), t.tableBytes() + t.indexBytes());
        assertEquals(t.indexBytes(), t.indexes().stream().mapToLong(IndexInfo::sizeBytes).sum());
        if (serverVersionNum >= 140000) {
            assertEquals(-1, rel("audit", "log").estimatedRows());
        }
        RelationInfo view = rel("shop", "open_orders");
        assertEquals(0, view.totalBytes());
        assertEquals("Orders not yet done", view.comment());
    }

    @Test
    void indexesIncludingExpressionAndPartial() {
        List<IndexInfo> idx = rel("shop", "customers").indexes();
        assertEquals(List.of("customers_email_key", "customers_lower_email_idx", "customers_pkey"),
                idx.stream().map(IndexInfo::name).toList());
        IndexInfo lower = idx.get(1);
        assertFalse(lower.unique());
        assertFalse(lower.primary());
        assertEquals("btree", lower.method());
        assertEquals(List.of("lower(email::text)"), lower.columns());
        assertEquals("CREATE INDEX customers_lower_email_idx ON shop.customers USING btree (lower((email)::text))",
                lower.definition());
        IndexInfo pk = idx.get(2);
        assertTrue(pk.unique());
        assertTrue(pk.primary());
        assertEquals(List.of("id"), pk.columns());
        assertTrue(pk.sizeBytes() > 0);

        IndexInfo partial = rel("shop", "orders").indexes().stream()
                .filter(i -> i.name().equals("orders_open_idx")).findFirst().orElseThrow();
        assertEquals(List.of("status"), partial.columns());
        assertEquals("CREATE INDEX orders_open_idx ON shop.orders USING btree (status) WHERE (status <> 'done'::text)",
                partial.definition());

        IndexInfo mv = rel("shop", "product_prices").indexes().get(0);
        assertEquals(new IndexInfo("product_prices_sku", true, false, "btree", List.of("sku"),
                "CREATE UNIQUE INDEX product_prices_sku ON shop.product_prices USING btree (sku)", mv.sizeBytes()), mv);
    }

    @Test
    void compositeKeysForeignKeysAndChecks() {
        RelationInfo lines = rel("shop", "order_lines");
        assertEquals(new PrimaryKeyInfo("order_lines_pkey", List.of("customer_id", "order_no", "line_no")),
                lines.primaryKey());
        assertEquals(List.of(new UniqueConstraintInfo("order_lines_sku_once", List.of("customer_id", "order_no", "sku"))),
                lines.uniqueKeys());
        assertEquals(List.of(
                new ForeignKeyInfo("order_lines_order_fk", List.of("order_no", "customer_id"), "shop", "orders",
                        List.of("order_no", "customer_id"), "NO ACTION", "SET DEFAULT"),
                new ForeignKeyInfo("order_lines_sku_fkey", List.of("sku"), "shop", "products", List.of("sku"),
                        "CASCADE", "RESTRICT")),
                lines.foreignKeys());
        assertEquals(List.of(new CheckConstraintInfo("order_lines_qty_check", "CHECK (qty > 0)")), lines.checks());

        RelationInfo orders = rel("shop", "orders");
        assertEquals(new PrimaryKeyInfo("orders_pkey", List.of("customer_id", "order_no")), orders.primaryKey());
        assertEquals(List.of(new ForeignKeyInfo("orders_customer_id_fkey", List.of("customer_id"), "shop", "customers",
                List.of("id"), "NO ACTION", "CASCADE")), orders.foreignKeys());
        assertEquals("'new'::text", orders.column("status").orElseThrow().defaultValue());
    }

    @Test
    void generatedColumnsChecksAndDroppedColumnGaps() {
        RelationInfo p = rel("shop", "products");
        assertEquals(List.of(
                new ColumnInfo("sku", 1, "text", false, null, null, null, null, null),
                new ColumnInfo("price", 2, "numeric(10,2)", false, null, null, null, null, null),
                new ColumnInfo("price_with_tax", 3, "numeric(10,2)", true, "(price * 1.2)", null, null, "STORED", null),
                new ColumnInfo("note", 5, "text", true, null, null, null, null, null)),
                p.columns());
        assertEquals(List.of(new CheckConstraintInfo("price_positive", "CHECK (price > 0::numeric)")), p.checks());
    }

    @Test
    void partitionsAndPartitionedParent() {
        RelationInfo parent = rel("shop", "events");
        assertNull(parent.partitionOf());
        assertEquals(new PrimaryKeyInfo("events_pkey", List.of("id", "happened_on")), parent.primaryKey());
        assertEquals(List.of("id", "happened_on", "payload"), parent.columns().stream().map(ColumnInfo::name).toList());
        assertEquals("shop.events", rel("shop", "events_2024").partitionOf());
        assertEquals("shop.events", rel("shop", "events_2025").partitionOf());
        assertEquals(new PrimaryKeyInfo("events_2025_pkey", List.of("id", "happened_on")),
                rel("shop", "events_2025").primaryKey());
    }

    @Test
    void secondSchemaSerialDefault() {
        RelationInfo log = rel("audit", "log");
        assertEquals(new ColumnInfo("id", 1, "bigint", false, "nextval('audit.log_id_seq'::regclass)", null, null, null, null),
                log.columns().get(0));
        assertEquals(new PrimaryKeyInfo("log_pkey", List.of("id")), log.primaryKey());
    }

    @Test
    void findIsExactFirstThenUniqueCaseInsensitive() {
        assertEquals("MixedCase", snapshot.find("shop", "mixedcase").orElseThrow().name());
        assertEquals("MixedCase", snapshot.find("SHOP", "MIXEDCASE").orElseThrow().name());
        assertEquals("customers", snapshot.find("Shop", "Customers").orElseThrow().name());
        assertEquals("Dup", snapshot.find("audit", "Dup").orElseThrow().name());
        assertEquals("DUP", snapshot.find("audit", "DUP").orElseThrow().name());
        assertEquals(Optional.empty(), snapshot.find("audit", "dup"));
        assertEquals(Optional.empty(), snapshot.find("audit", "nope"));
        assertEquals(Optional.empty(), snapshot.find("nope", "log"));
        assertSame(snapshot.find("shop", "orders").orElseThrow(), snapshot.relations("shop").get(7));
    }

    @Test
    void limitedRoleSeesOnlyWhatItMayRead() throws Exception {
        TestDataSource ds = new TestDataSource(url);
        ds.onConnect = "SET ROLE " + READER;
        CatalogSnapshot limited = new SchemaIntrospector(ds).load();
        assertEquals(List.of("public", "shop"), limited.schemas().stream().map(SchemaInfo::name).toList());
        assertEquals(List.of("shop.customers", "shop.products"),
                limited.relations().stream().map(RelationInfo::qualifiedName).toList());
        assertEquals(List.of("sku"), limited.find("shop", "products").orElseThrow().columns().stream()
                .map(ColumnInfo::name).toList());
        assertEquals(4, limited.find("shop", "customers").orElseThrow().columns().size());
        assertEquals(new SchemaInfo("shop", superuser, "Shop data", 2, 0), limited.schemas().get(1));

        SchemaIntrospector introspector = new SchemaIntrospector(ds);
        assertTrue(introspector.stats("shop", "customers").isPresent());
        assertEquals(Optional.empty(), introspector.stats("shop", "orders"));
        assertEquals(Optional.empty(), introspector.stats("audit", "log"));
    }

    @Test
    void loadLeavesConnectionUsableAndRollsBack() throws Exception {
        TestDataSource ds = new TestDataSource(url);
        new SchemaIntrospector(ds).load();
        assertEquals(1, ds.connections.get());
        assertEquals(SchemaIntrospector.BEGIN, ds.sql.get(0));
    }

    @Test
    void stats() throws Exception {
        SchemaIntrospector introspector = new SchemaIntrospector(new TestDataSource(url), Duration.ofSeconds(5));
        TableStats s = introspector.stats("shop", "customers").orElseThrow();
        assertEquals("shop", s.schema());
        assertEquals("customers", s.name());
        assertEquals(3, s.estimatedRows());
        assertTrue(s.totalBytes() > 0);
        assertEquals(s.totalBytes(), s.tableBytes() + s.indexBytes());
        assertTrue(s.toastBytes() >= 0 && s.toastBytes() <= s.tableBytes());

        assertEquals("customers", introspector.stats("SHOP", "Customers").orElseThrow().name());
        assertEquals("Dup", introspector.stats("audit", "Dup").orElseThrow().name());
        assertEquals(Optional.empty(), introspector.stats("audit", "dup"));
        assertEquals(Optional.empty(), introspector.stats("shop", "nope"));
        assertEquals(Optional.empty(), introspector.stats("pg_catalog", "pg_class"));
        assertEquals(Optional.empty(), introspector.stats("audit", "standalone_seq"));

        TableStats view = introspector.stats("shop", "open_orders").orElseThrow();
        assertEquals(0, view.liveRows());
        assertNull(view.lastVacuum());
        assertEquals(0, view.totalBytes());
    }

    @Test
    void badConnectionSurfacesAsSqlException() {
        TestDataSource ds = new TestDataSource(url);
        ds.failWith = new java.sql.SQLException("no route to host", "08001");
        SchemaIntrospector introspector = new SchemaIntrospector(ds);
        assertThrows(java.sql.SQLException.class, introspector::load);
        assertThrows(IllegalArgumentException.class, () -> new SchemaIntrospector(ds, Duration.ZERO));
    }
}
