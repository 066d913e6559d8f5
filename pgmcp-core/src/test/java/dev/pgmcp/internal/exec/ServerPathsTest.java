package dev.pgmcp.internal.exec;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.TestRoles;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With PGMCP_ALLOW_UNSAFE_ROLE and a superuser connection, the server's file paths stay out of
 * results: named lookups are refused, and any other way of reaching a path value shows
 * {@link ServerPaths#HIDDEN} instead.
 */
class ServerPathsTest {

    static String url;
    static PgMcp superuser;
    static PgMcp ordinary;
    static TestRoles.Role role;
    static String dataDirectory;
    static String hbaFile;

    @BeforeAll
    static void start() throws Exception {
        url = TestPostgres.freshDatabase("server_paths");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('data_directory'), current_setting('hba_file')")) {
            rs.next();
            dataDirectory = rs.getString(1);
            hbaFile = rs.getString(2);
        }
        assertTrue(dataDirectory.startsWith("/") && dataDirectory.length() > 4, dataDirectory);
        superuser = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).build()).discoverTools(false).build();
        role = TestRoles.create(TestPostgres.adminUrl(), "paths_reader", "");
        ordinary = PgMcp.builder(PgMcpConfig.builder().database("main", url, role.name(), role.password())
                .rateLimitPerMinute(0).rateLimitPerHour(0).build()).discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        if (superuser != null) {
            superuser.close();
        }
        if (ordinary != null) {
            ordinary.close();
        }
        if (role != null) {
            TestRoles.dropQuietly(TestPostgres.adminUrl(), role);
        }
    }

    private static ToolResult call(PgMcp pgmcp, String sql) {
        return pgmcp.callTool("execute_query", Map.of("sql", sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT current_setting('data_directory')",
            "SELECT pg_catalog.current_setting('HBA_FILE', true)",
            "SELECT setting FROM pg_settings WHERE name = 'data_directory'",
            "SELECT setting FROM pg_catalog.pg_settings WHERE name IN ('config_file', 'work_mem')",
            "SELECT * FROM pg_show_all_settings() s WHERE s.name = 'unix_socket_directories'",
            "SELECT current_setting(E'data\\137directory')"})
    void namedLookupsOfPathSettingsAreRefused(String sql) {
        ToolResult r = call(superuser, sql);
        assertTrue(r.error() && r.text().startsWith("Query rejected: Reading server file paths"), r.text());
        assertFalse(r.text().contains(dataDirectory), r.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT setting FROM pg_settings WHERE name LIKE 'data_dir%'",
            "SELECT current_setting('data_' || 'directory') AS d",
            "SELECT name, setting FROM pg_settings WHERE setting LIKE '/%'",
            "SELECT json_agg(s) FROM pg_settings s WHERE name LIKE '%file'",
            "SELECT array_agg(setting) FROM pg_settings WHERE name LIKE 'data%'",
            "SELECT 'config at ' || setting FROM pg_settings WHERE name LIKE 'config%'"})
    void everyOtherWayShowsThePathHidden(String sql) {
        ToolResult r = call(superuser, sql);
        assertFalse(r.error(), r.text());
        String all = r.text() + dev.pgmcp.internal.tools.Render.json(r.structuredContent());
        assertFalse(all.contains(dataDirectory), all);
        assertFalse(all.contains(hbaFile), all);
        assertTrue(all.contains(ServerPaths.HIDDEN), all);
    }

    /**
     * A json object keyed by paths has the keys hidden; as they are then the same key, a JSON reader
     * would keep one: the value becomes its text, in a string.
     */
    @Test
    void aJsonObjectWhoseKeysBecomeTheSameIsText() {
        ToolResult r = call(superuser, "SELECT json_object_agg(setting, name ORDER BY name) AS j FROM pg_settings "
                + "WHERE name LIKE '%file' AND setting LIKE '/%'"); // config_file, hba_file, ident_file
        assertFalse(r.error(), r.text());
        Object j = ((List<?>) ((List<?>) r.structuredContent().get("rows")).get(0)).get(0);
        String hidden = "\"" + ServerPaths.HIDDEN + "\"";
        String text = assertInstanceOf(String.class, j);
        assertTrue(text.startsWith("{ " + hidden + " : \"config_file\", " + hidden + " : \"hba_file\""), text);
        // One path as a key, the others as values: still an object.
        ToolResult one = call(superuser, "SELECT json_build_object(current_setting('data_' || 'directory'), 1) AS j");
        Object o = ((List<?>) ((List<?>) one.structuredContent().get("rows")).get(0)).get(0);
        assertEquals(new JsonText("{\"" + ServerPaths.HIDDEN + "\" : 1}"), o);
    }

    @Test
    void ordinaryValuesAndOrdinaryRolesAreUntouched() {
        ToolResult r = call(superuser, "SELECT current_setting('work_mem') AS w, 'plain text' AS t");
        assertFalse(r.error(), r.text());
        assertFalse(r.text().contains(ServerPaths.HIDDEN), r.text());
        // An ordinary role cannot read the paths; text it sends itself comes back as it was.
        ToolResult own = ordinary.callTool("execute_query", Map.of("sql", "SELECT $1::text AS p", "params", List.of(dataDirectory)));
        assertFalse(own.error(), own.text());
        assertTrue(own.text().contains(dataDirectory), own.text());
    }

    @Property(tries = 300)
    void noPathSurvivesRedaction(@ForAll("pieces") List<String> pieces) {
        List<String> paths = List.of("/srv/pg/data/pg_hba.conf", "/srv/pg/data", "/tmp", "C:\\pg\\data");
        String text = String.join("", pieces);
        String out = ServerPaths.redactText(text, paths);
        for (String p : paths) {
            assertFalse(out.contains(p), () -> text + " -> " + out);
            assertFalse(out.contains(jsonEscaped(p)), () -> text + " -> " + out);
        }
        if (paths.stream().noneMatch(p -> text.contains(p) || text.contains(jsonEscaped(p)))) {
            assertEquals(text, out);
        }
    }

    /** A path as JSON text writes it: backslashes doubled. */
    private static String jsonEscaped(String path) {
        return path.replace("\\", "\\\\");
    }

    @Provide
    Arbitrary<List<String>> pieces() {
        return Arbitraries.oneOf(Arbitraries.of("/srv/pg/data", "/srv/pg/data/pg_hba.conf", "/tmp", "/tm", "p",
                        "C:\\pg\\data", "C:\\\\pg\\\\data", "\\", "/srv/pg/dat", "/", " ", "x", "[server path hidden]"),
                Arbitraries.strings().ofMaxLength(5)).list().ofMaxSize(12).map(ArrayList::new);
    }
}
