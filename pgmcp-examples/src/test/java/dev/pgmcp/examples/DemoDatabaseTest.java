package dev.pgmcp.examples;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The --demo database: its read-only role logs in with a password, by SCRAM-SHA-256, as on a production server. */
class DemoDatabaseTest {

    @Test
    void theReaderNeedsItsPasswordAndLogsInWithScram() throws Exception {
        try (DemoDatabase demo = DemoDatabase.start()) {
            String url = demo.readerUrl();
            assertTrue(url.matches(".*[?&]password=[A-Za-z0-9_-]{24}$"), "a random password in the URL: " + url.replaceAll("password=.*", "password=..."));
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT system_user, count(*) FROM customers")) {
                rs.next();
                assertEquals("scram-sha-256:" + DemoDatabase.READER, rs.getString(1)); // PostgreSQL 16+: method:identity
                assertTrue(rs.getLong(2) > 0);
            }
            String withoutPassword = url.replaceAll("&password=[^&]*", "");
            SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(withoutPassword).close());
            assertEquals("08004", refused.getSQLState(), refused.getMessage()); // pgJDBC: the server asked for a password
            String wrongPassword = url.replaceAll("password=[^&]*", "password=wrong");
            SQLException wrong = assertThrows(SQLException.class, () -> DriverManager.getConnection(wrongPassword).close());
            assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
        }
    }
}
