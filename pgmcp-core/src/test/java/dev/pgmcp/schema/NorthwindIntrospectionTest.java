package dev.pgmcp.schema;

import dev.pgmcp.testing.Northwind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** SchemaIntrospector on the real Northwind dump (the test resource northwind/northwind.sql). */
class NorthwindIntrospectionTest {

    static String url;
    static CatalogSnapshot snapshot;

    @BeforeAll
    static void load() throws Exception {
        url = Northwind.load();
        snapshot = new SchemaIntrospector(new TestDataSource(url)).load();
    }

    private static RelationInfo table(String name) {
        return snapshot.find("public", name).orElseThrow(() -> new AssertionError("missing public." + name));
    }

    @Test
    void dumpLoadedCompletely() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM order_details),"
                     + " (SELECT company_name FROM customers WHERE customer_id = 'BSBEV')")) {
            rs.next();
            assertEquals(830, rs.getInt(1));
            assertEquals(2155, rs.getInt(2));
            assertEquals("B's Beverages", rs.getString(3));
        }
    }

    @Test
    void fourteenTables() {
        assertEquals(List.of("categories", "customer_customer_demo", "customer_demographics", "customers",
                "employee_territories", "employees", "order_details", "orders", "products", "region", "shippers",
                "suppliers", "territories", "us_states"),
                snapshot.relations("public").stream().map(RelationInfo::name).toList());
        SchemaInfo pub = snapshot.schemas().stream().filter(s -> s.name().equals("public")).findFirst().orElseThrow();
        assertEquals(14, pub.tableCount());
        assertEquals(0, pub.viewCount());
        assertEquals(14, snapshot.relations().size());
    }

    @Test
    void ordersColumnsInOrderWithTypes() {
        RelationInfo orders = table("orders");
        assertEquals(RelationKind.TABLE, orders.kind());
        assertEquals(List.of(
                "order_id smallint NOT NULL",
                "customer_id character varying(5)",
                "employee_id smallint",
                "order_date date",
                "required_date date",
                "shipped_date date",
                "ship_via smallint",
                "freight real",
                "ship_name character varying(40)",
                "ship_address character varying(60)",
                "ship_city character varying(15)",
                "ship_region character varying(15)",
                "ship_postal_code character varying(10)",
                "ship_country character varying(15)"),
                orders.columns().stream()
                        .map(c -> c.name() + " " + c.dataType() + (c.nullable() ? "" : " NOT NULL")).toList());
        for (int i = 0; i < orders.columns().size(); i++) {
            assertEquals(i + 1, orders.columns().get(i).position());
            assertNull(orders.columns().get(i).defaultValue());
        }
    }

    @Test
    void ordersKeys() {
        RelationInfo orders = table("orders");
        assertEquals(new PrimaryKeyInfo("pk_orders", List.of("order_id")), orders.primaryKey());
        assertEquals(List.of(
                new ForeignKeyInfo("fk_orders_customers", List.of("customer_id"), "public", "customers",
                        List.of("customer_id"), "NO ACTION", "NO ACTION"),
                new ForeignKeyInfo("fk_orders_employees", List.of("employee_id"), "public", "employees",
                        List.of("employee_id"), "NO ACTION", "NO ACTION"),
                new ForeignKeyInfo("fk_orders_shippers", List.of("ship_via"), "public", "shippers",
                        List.of("shipper_id"), "NO ACTION", "NO ACTION")),
                orders.foreignKeys());
        assertEquals(List.of("pk_orders"), orders.indexes().stream().map(IndexInfo::name).toList());
    }

    @Test
    void orderDetailsCompositeKey() {
        RelationInfo details = table("order_details");
        assertEquals(new PrimaryKeyInfo("pk_order_details", List.of("order_id", "product_id")), details.primaryKey());
        assertEquals(List.of("fk_order_details_orders", "fk_order_details_products"),
                details.foreignKeys().stream().map(ForeignKeyInfo::name).toList());
        assertEquals(List.of("order_id", "product_id"), details.indexes().get(0).columns());
        assertEquals(new PrimaryKeyInfo("pk_employee_territories", List.of("employee_id", "territory_id")),
                table("employee_territories").primaryKey());
    }

    @Test
    void selfReference() {
        assertEquals(List.of(new ForeignKeyInfo("fk_employees_employees", List.of("reports_to"), "public", "employees",
                List.of("employee_id"), "NO ACTION", "NO ACTION")), table("employees").foreignKeys());
    }
}
