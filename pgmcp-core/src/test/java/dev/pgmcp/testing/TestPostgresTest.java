package dev.pgmcp.testing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestPostgresTest {

    @Test
    void freshDatabaseIsEmptyAndReachable() throws Exception {
        String url = TestPostgres.freshDatabase("smoke");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(), count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("smoke_"));
            assertEquals(0, rs.getInt(2));
        }
    }

    @Test
    void withDatabaseKeepsParameters() {
        assertEquals("jdbc:postgresql://h:1/x?user=u", TestPostgres.withDatabase("jdbc:postgresql://h:1/postgres?user=u", "x"));
        assertEquals("jdbc:postgresql://h:1/x", TestPostgres.withDatabase("jdbc:postgresql://h:1/postgres", "x"));
    }
}
