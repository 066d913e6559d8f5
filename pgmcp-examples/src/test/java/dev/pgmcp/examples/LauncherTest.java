package dev.pgmcp.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's command line: bad input is a clear message and exit code 2, never a stack trace. */
class LauncherTest {

    private String err;

    private int run(Map<String, String> env, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return PgMcpLauncher.run(args, env);
        } finally {
            System.setErr(old);
            err = buf.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void badSettingIsNamedAndExitCodeIsTwo() {
        int code = run(Map.of("PGMCP_MAX_ROWS", "lots"), "--url", "postgresql://u:secret@localhost:5432/db");
        assertEquals(2, code);
        assertTrue(err.contains("PGMCP_MAX_ROWS"), err);
        assertTrue(!err.contains("secret") && !err.contains("\tat "), err);
    }

    @Test
    void noDatabaseConfiguredIsExplained() {
        int code = run(Map.of());
        assertEquals(2, code);
        assertTrue(err.contains("no database configured"), err);
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
