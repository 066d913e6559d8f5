package dev.pgmcp.internal.tools;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.Northwind;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** describe_table on Northwind's orders agrees with pg_catalog. */
@SuppressWarnings("unchecked")
class NorthwindToolsTest {

    @Test
    void describeOrdersMatchesPgCatalog() throws Exception {
        String url = Northwind.load();
        List<String> columns = new ArrayList<>();
        List<Boolean> nullable = new ArrayList<>();
        List<String> pk = new ArrayList<>();
        Map<String, List<Object>> fks = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT attname, NOT attnotnull FROM pg_attribute "
                    + "WHERE attrelid = 'public.orders'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    nullable.add(rs.getBoolean(2));
                }
            }
            String cols = "(SELECT array_agg(a.attname ORDER BY k.n) FROM unnest(%s) WITH ORDINALITY k(attnum, n) "
                    + "JOIN pg_attribute a ON a.attrelid = %s AND a.attnum = k.attnum)";
            try (ResultSet rs = s.executeQuery("SELECT conname, contype, " + cols.formatted("con.conkey", "con.conrelid")
                    + ", confrelid::regclass::text, " + cols.formatted("con.confkey", "con.confrelid")
                    + " FROM pg_constraint con WHERE conrelid = 'public.orders'::regclass AND contype IN ('p', 'f')")) {
                while (rs.next()) {
                    List<String> keyCols = Arrays.asList((String[]) rs.getArray(3).getArray());
                    if (rs.getString(2).equals("p")) {
                        pk.addAll(keyCols);
                    } else {
                        String ref = rs.getString(4);
                        fks.put(rs.getString(1), List.of(keyCols, ref.contains(".") ? ref : "public." + ref,
                                Arrays.asList((String[]) rs.getArray(5).getArray())));
                    }
                }
            }
        }
        assertFalse(fks.isEmpty(), "Northwind's orders has foreign keys");

        try (PgMcp pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build()).discoverTools(false).build()) {
            ToolResult r = pgmcp.callTool("describe_table", new HashMap<>(Map.of("table_name", "orders")));
            assertFalse(r.error(), r.text());
            Map<String, Object> d = r.structuredContent();
            List<Map<String, Object>> cs = (List<Map<String, Object>>) d.get("columns");
            assertEquals(columns, cs.stream().map(m -> m.get("name")).toList());
            assertEquals(nullable, cs.stream().map(m -> m.get("nullable")).toList());
            assertEquals(pk, ((Map<String, Object>) d.get("primary_key")).get("columns"));
            Map<String, List<Object>> actual = new TreeMap<>();
            for (Map<String, Object> fk : (List<Map<String, Object>>) d.get("foreign_keys")) {
                actual.put((String) fk.get("name"), List.of(fk.get("columns"), fk.get("references"), fk.get("referenced_columns")));
            }
            assertEquals(fks, actual);
        }
    }
}
