package dev.pgmcp.schema;

import dev.pgmcp.testing.Northwind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statement splitter the Northwind fixture loads the dump with. */
class NorthwindSplitterTest {

    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        String script = """
                -- a comment; with a semicolon
                SET x = 'a;b';
                INSERT INTO t VALUES ('B''s; Beverages', "we;ird", E'it\\'s; ok');
                /* block; /* nested; */ still; */ SELECT 1;
                CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                SELECT $1::text;
                  ;
                SELECT 'unterminated at end'""";
        List<String> statements = Northwind.splitStatements(script);
        assertEquals(List.of(
                "SET x = 'a;b'",
                "INSERT INTO t VALUES ('B''s; Beverages', \"we;ird\", E'it\\'s; ok')",
                "SELECT 1",
                "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
                "SELECT $1::text",
                "SELECT 'unterminated at end'"), statements);
    }

    @Test
    void runScriptSkipsFailingSetButFailsOnAnythingElse() throws Exception {
        String url = dev.pgmcp.testing.TestPostgres.freshDatabase("splitter");
        Northwind.runScript(url, "SET no_such_setting = 1;\nCREATE TABLE kept (x integer);\nINSERT INTO kept VALUES (1);",
                "inline");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM kept")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Northwind.runScript(url, "INSERT INTO missing VALUES (1);", "inline"));
        assertTrue(e.getMessage().contains("INSERT INTO missing"), e.getMessage());
    }

    @Test
    void realDumpSplitsIntoExpectedStatements() throws Exception {
        List<String> statements = Northwind.splitStatements(Northwind.script());
        long creates = statements.stream().filter(s -> s.startsWith("CREATE TABLE")).count();
        long alters = statements.stream().filter(s -> s.startsWith("ALTER TABLE")).count();
        assertEquals(14, creates);
        assertEquals(14 + 13, alters);
        assertTrue(statements.stream().allMatch(s -> !s.contains("\n--")), "comments are dropped");
        assertTrue(statements.contains("SET default_with_oids = false"));
    }
}
