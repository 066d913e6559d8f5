package dev.pgmcp.examples;

import dev.pgmcp.testing.StandbyPair;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's command line: bad input is a clear message and exit code 2, never a stack trace; the role check and --check. */
class LauncherTest {

    private String err;
    private String out;

    /**
     * Runs the launcher as far as serving, in this JVM: over HTTP on a free loopback port. Over stdio it
     * would read this JVM's own stdin, the test runner's command channel: its reading thread outlives the
     * test, blocked in a read nothing can interrupt, and takes the runner's commands (the forked JVM then
     * waited 30 s for one at exit). The stdio launcher runs as a process of its own in the *IT tests.
     */
    private int serve(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--transport", "http", "--port", "0"));
        return run(env, all.toArray(String[]::new));
    }

    private int run(Map<String, String> env, String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
        ByteArrayOutputStream outBuf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errBuf, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(outBuf, true, StandardCharsets.UTF_8));
        try {
            return PgMcpLauncher.run(args, env);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
            err = errBuf.toString(StandardCharsets.UTF_8);
            out = outBuf.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aSuperuserIsRefusedAtStartUpWithExitCodeTwo() {
        int code = serve(Map.of(), "--url", TestPostgres.freshDatabase("launcher_refuse"));
        assertEquals(2, code, err);
        assertTrue(err.contains("pgmcp: Database 'main' is not served: role \"postgres\" is a superuser"), err);
        assertTrue(err.contains("--check") && !err.contains("\tat "), err);
    }

    @Test
    void checkPrintsTheRefusalAndTheRoleSqlAndExitsTwo() {
        String url = TestPostgres.freshDatabase("launcher_check");
        int code = run(Map.of(), "--check", "--url", url);
        assertEquals(2, code, err + out);
        assertTrue(out.contains("role \"postgres\": REFUSE") && out.contains("REFUSE: role \"postgres\" is a superuser"), out);
        assertTrue(out.contains("CREATE ROLE pgmcp_reader LOGIN PASSWORD 'change-me'"), out);
        assertTrue(out.contains("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO pgmcp_reader;"), out);
        assertTrue(out.contains("ALTER ROLE pgmcp_reader SET default_transaction_read_only = on;"), out);
        assertTrue(out.contains("Result: refused"), out);
    }

    @Test
    void checkWarnsAboutWritePrivilegesWithExitCodeOne() {
        String url = TestPostgres.freshDatabase("launcher_warn");
        String role = "launcher_writer_" + ProcessHandle.current().pid();
        TestPostgres.run(url, "CREATE TABLE notes (id int); CREATE ROLE " + role + " LOGIN; "
                + "GRANT INSERT, SELECT ON notes TO " + role);
        int code = run(Map.of(), "--check", "--url", url.replaceFirst("user=[^&]*", "user=" + role));
        assertEquals(1, code, err + out);
        assertTrue(out.contains("WARN:   role \"" + role + "\" may write 1 table(s)/view(s): public.notes (INSERT)"), out);
        assertTrue(out.contains("Result: warnings (exit code 1)"), out);
    }

    @Test
    void checkAcceptsAndNamesAMonitoringRole() {
        String url = TestPostgres.freshDatabase("launcher_monitor");
        String role = "launcher_monitor_" + ProcessHandle.current().pid();
        TestPostgres.run(url, "CREATE TABLE notes (id int); CREATE ROLE " + role + " LOGIN; GRANT SELECT ON notes TO "
                + role + "; GRANT pg_monitor TO " + role);
        int code = run(Map.of(), "--check", "--url", url.replaceFirst("user=[^&]*", "user=" + role));
        assertEquals(0, code, err + out);
        assertTrue(out.contains("role \"" + role + "\": OK"), out);
        assertTrue(out.contains("monitoring (read-only, accepted): member of pg_monitor"), out);
        assertTrue(out.contains("Result: OK (exit code 0)"), out);
    }

    /** A login role with NOINHERIT, a member of a reading role and of one that may INSERT. */
    private static String[] perPersonRoles(String prefix) {
        String url = TestPostgres.freshDatabase(prefix);
        String suffix = "_" + ProcessHandle.current().pid();
        String login = prefix + "_login" + suffix;
        String reader = prefix + "_reader" + suffix;
        String writer = prefix + "_writer" + suffix;
        TestPostgres.run(url, "CREATE TABLE notes (id int); CREATE ROLE " + login + " LOGIN NOINHERIT; CREATE ROLE "
                + reader + "; CREATE ROLE " + writer + "; GRANT " + reader + ", " + writer + " TO " + login + "; "
                + "GRANT SELECT ON notes TO " + reader + "; GRANT INSERT, SELECT ON notes TO " + writer);
        return new String[]{url.replaceFirst("user=[^&]*", "user=" + login), login, reader, writer};
    }

    @Test
    void checkReportsThePerPersonRoleMappingAndRefusesAWritingRole() {
        String[] db = perPersonRoles("launcher_map");
        int code = run(Map.of("PGMCP_ROLE_MAP", "alice=" + db[2] + ",bob=" + db[3]), "--check", "--url", db[0]);
        assertEquals(2, code, err + out);
        assertTrue(out.contains("role \"" + db[1] + "\": OK"), out);
        assertTrue(out.contains("per-person roles") && out.contains("principal alice -> " + db[2])
                && out.contains("principal bob -> " + db[3]), out);
        assertTrue(out.contains("anyone else -> refused, nothing runs (PGMCP_ROLE_DEFAULT unset)"), out);
        assertTrue(out.contains("local process (stdio, start-up checks) -> the login role"), out);
        assertTrue(out.contains("mapped role \"" + db[2] + "\": OK"), out);
        assertTrue(out.contains("mapped role \"" + db[3] + "\": REFUSE") && out.contains("REFUSE: role \"" + db[3]
                + "\" may write 1 table(s)/view(s): public.notes (INSERT)"), out);
        assertTrue(out.contains("Result: refused"), out);
    }

    @Test
    void checkReportsEachStandbyAndRefusesOneReachedAsASuperuser() {
        try (StandbyPair pair = StandbyPair.start()) {
            StandbyPair.run(pair.primaryUrl(), "CREATE ROLE check_reader LOGIN");
            pair.awaitCaughtUp();
            String reader = pair.standbyUrl().replace("user=postgres", "user=check_reader");
            String unreachable = "jdbc:postgresql://127.0.0.1:1/postgres?user=check_reader";
            int code = run(Map.of("PGMCP_REPLICA_URLS", reader + "," + unreachable, "PGMCP_CONNECT_TIMEOUT_MS", "500"),
                    "--check", "--url", pair.primaryUrl().replace("user=postgres", "user=check_reader"));
            assertEquals(1, code, err + out);
            assertTrue(out.contains("read replicas (reads go to a standby within 10000 ms of replay lag"), out);
            assertTrue(out.contains("standby jdbc:postgresql://127.0.0.1:" + pair.standbyPort() + "/postgres: serves reads (replay lag "),
                    out);
            assertTrue(out.contains("standby jdbc:postgresql://127.0.0.1:1/postgres: WARN: cannot be reached"), out);
            assertTrue(out.contains("Result: warnings (exit code 1)"), out);

            code = run(Map.of("PGMCP_REPLICA_URLS", pair.standbyUrl()),
                    "--check", "--url", pair.primaryUrl().replace("user=postgres", "user=check_reader"));
            assertEquals(2, code, err + out);
            assertTrue(out.contains("standby jdbc:postgresql://127.0.0.1:" + pair.standbyPort() + "/postgres: REFUSE: role \"postgres\" is a "
                    + "superuser"), out);
            assertTrue(!out.contains("password") && !out.contains("\tat "), out);
        }
    }

    @Test
    void aWritingMappedRoleIsRefusedAtStartUpWithExitCodeTwo() {
        String[] db = perPersonRoles("launcher_mapref");
        int code = serve(Map.of("PGMCP_ROLE_MAP", "alice=" + db[2], "PGMCP_ROLE_DEFAULT", db[3]), "--url", db[0]);
        assertEquals(2, code, err);
        assertTrue(err.contains("pgmcp: Database 'main' is not served: role \"" + db[3] + "\" may write"), err);
    }

    @Test
    void checkOfAnUnreachableDatabaseExitsTwo() {
        int code = run(Map.of("PGMCP_CONNECT_TIMEOUT_MS", "500"), "--check", "--url", "postgresql://nobody@127.0.0.1:1/none");
        assertEquals(2, code, err + out);
        assertTrue(out.contains("cannot check the role: Database unavailable"), out);
    }

    @Test
    void theDemoRoleIsReadOnlyWithNoWarnings() {
        int code = run(Map.of(), "--check", "--demo");
        assertEquals(0, code, err + out);
        assertTrue(out.contains("role \"pgmcp_reader\": OK"), out);
        assertFalse(out.contains("WARN"), out);
        assertFalse(err.contains("WARN"), err);
    }

    @Test
    void badSettingIsNamedAndExitCodeIsTwo() {
        int code = run(Map.of("PGMCP_MAX_ROWS", "lots"), "--url", "postgresql://u:secret@localhost:5432/db");
        assertEquals(2, code);
        assertTrue(err.contains("PGMCP_MAX_ROWS"), err);
        assertTrue(!err.contains("secret") && !err.contains("\tat "), err);
    }

    @Test
    void unknownLogLevelIsAConfigurationError() {
        int code = run(Map.of("PGMCP_LOG_LEVEL", "verbose"), "--url", "postgresql://u:secret@localhost:5432/db");
        assertEquals(2, code, err + out);
        assertTrue(err.contains("pgmcp: configuration error: PGMCP_LOG_LEVEL: 'verbose' is not a log level; "
                + "use one of error, warn, info, debug, trace (default info)"), err);
    }

    @Test
    void noDatabaseConfiguredIsExplained() {
        int code = run(Map.of());
        assertEquals(2, code);
        assertTrue(err.contains("no database configured"), err);
        assertTrue(err.contains("--url") && err.contains("--demo"), "the launcher names its own options: " + err);
    }

    @Test
    void badUrlIsNamed() {
        int code = run(Map.of(), "--url", "mysql://x");
        assertEquals(2, code);
        assertTrue(err.contains("not a PostgreSQL URL"), err);
    }

    @Test
    void unknownOptionIsRejected() {
        int code = run(Map.of(), "--frobnicate");
        assertEquals(2, code);
        assertTrue(err.contains("Unknown option"), err);
    }

    @Test
    void anAbbreviatedOptionIsNotGuessed() {
        assertEquals(2, run(Map.of(), "--tran", "http"));
        assertTrue(err.contains("Unknown option: '--tran'"), err);
    }

    @Test
    void badCommandLinesAreExplainedWithExitCodeTwo() {
        assertEquals(2, run(Map.of(), "--demo", "--transport", "http", "--port", "eighty"));
        assertTrue(err.contains("Invalid value for option '--port': 'eighty' is not a number"), err);
        assertEquals(2, run(Map.of(), "--url"));
        assertTrue(err.contains("Missing value for option '--url'"), err);
        assertEquals(2, run(Map.of(), "postgresql://localhost/db"));
        assertTrue(err.contains("Unexpected argument: 'postgresql://localhost/db'"), err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    void helpListsEveryOptionAndVersionNamesTheServer() {
        assertEquals(0, run(Map.of(), "--help"));
        for (String option : new String[]{"--url", "--demo", "--check", "--transport", "--port", "--host", "--version"}) {
            assertTrue(out.contains(option), option + " missing from:\n" + out);
        }
        assertEquals(0, run(Map.of(), "--version"));
        assertTrue(out.startsWith("pgmcp "), out);
        assertEquals(0, run(Map.of(), "--url=postgresql://nobody@127.0.0.1:1/none", "-V"), "--name=value is accepted");
    }

    @Test
    void noAuthenticationOnAPublicAddressRefusesToStart() {
        int code = run(Map.of(), "--demo", "--transport", "http", "--host", "0.0.0.0", "--port", "0");
        assertEquals(2, code);
        assertTrue(err.contains("PGMCP_HTTP_AUTH") && err.contains("loopback"), err);
    }

    @Test
    void httpOptionsNeedTheHttpTransport() {
        assertEquals(2, run(Map.of(), "--demo", "--port", "8080"));
        assertTrue(err.contains("--port") && err.contains("--transport http"), err);
        assertEquals(2, run(Map.of(), "--demo", "--transport", "carrier-pigeon"));
        assertTrue(err.contains("--transport"), err);
    }
}
