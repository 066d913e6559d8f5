package dev.pgmcp.testing;

import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.List;
import java.util.Map;

/**
 * The database of the per-person role tests (core and HTTP alike): a login role with NOINHERIT that is a
 * member of three roles and has nothing of its own, a table {@code notes} with a row-level security
 * policy on {@code current_user} (alice holds two rows, bob and guest one each), and a table
 * {@code alice_only} that only alice may read. Roles are cluster-wide, so their names carry the JVM's pid.
 *
 * @param login the role pgmcp logs in as
 * @param alice a mapped role
 * @param bob   a mapped role
 * @param guest a mapped role (the default where one is configured)
 */
public record PerPersonRoles(String login, String alice, String bob, String guest) {

    /**
     * Creates the roles and tables in a database.
     *
     * @param url    a superuser JDBC URL of the database
     * @param prefix lower-case identifier naming the test, the start of each role's name
     * @return the roles' names
     */
    public static PerPersonRoles create(String url, String prefix) {
        String suffix = "_" + ProcessHandle.current().pid();
        PerPersonRoles r = new PerPersonRoles(prefix + "_login" + suffix, prefix + "_alice" + suffix,
                prefix + "_bob" + suffix, prefix + "_guest" + suffix);
        TestPostgres.run(url, String.join(";\n",
                "DROP ROLE IF EXISTS " + r.login, "DROP ROLE IF EXISTS " + r.alice, "DROP ROLE IF EXISTS " + r.bob,
                "DROP ROLE IF EXISTS " + r.guest,
                "CREATE ROLE " + r.login + " LOGIN NOINHERIT",
                "CREATE ROLE " + r.alice + " NOLOGIN", "CREATE ROLE " + r.bob + " NOLOGIN",
                "CREATE ROLE " + r.guest + " NOLOGIN",
                "GRANT " + r.alice + ", " + r.bob + ", " + r.guest + " TO " + r.login,
                "CREATE TABLE notes (id int PRIMARY KEY, owner name NOT NULL, body text NOT NULL)",
                "INSERT INTO notes VALUES (1, '" + r.alice + "', 'alice-1'), (2, '" + r.bob + "', 'bob-1'), "
                        + "(3, '" + r.alice + "', 'alice-2'), (4, '" + r.guest + "', 'guest-1')",
                "ALTER TABLE notes ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY own_notes ON notes USING (owner = current_user)",
                "GRANT SELECT ON notes TO " + r.alice + ", " + r.bob + ", " + r.guest,
                "CREATE TABLE alice_only (x int)",
                "GRANT SELECT ON alice_only TO " + r.alice));
        return r;
    }

    /** A host tool: the caller's notes, by SQL of its own ({@code queryTrusted}). */
    public static final class MyNotes implements Tool {
        @Override
        public String name() {
            return "my_notes";
        }

        @Override
        public String description() {
            return "The caller's notes (tests only).";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return JsonSchemas.object().build();
        }

        @Override
        public ToolResult call(ToolContext context) {
            QueryResult r = context.queries().queryTrusted("SELECT body FROM notes ORDER BY id", List.of(), 100);
            return context.queries().render(r, Map.of());
        }
    }
}
