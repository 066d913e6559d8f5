package dev.pgmcp.examples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stdio session that ends right after its first tool call, as a client that probes a server does.
 * The launcher's start-up checks run the tools' own checks once the first call has ended (the
 * business-intelligence pack's reads the whole catalog): end of input then comes while they read. The
 * launcher lets them end before it closes the connection pools, so the process exits cleanly, without
 * the connection pool's warning and stack trace for a connection closed under a running statement.
 */
class EndOfInputDuringStartUpChecksIT {

    /** Sessions run: the end of input has to meet the checks' catalog read at least once. */
    private static final int SESSIONS = 3;

    private LauncherDatabase db;

    @BeforeEach
    void database() {
        db = LauncherDatabase.create("launcher_short_session");
    }

    @AfterEach
    void dropRole() {
        db.close();
    }

    @Test
    void endOfInputRightAfterTheFirstCallExitsCleanly() throws Exception {
        for (int session = 1; session <= SESSIONS; session++) {
            try (StdioLauncher launcher = StdioLauncher.start(Map.of("PGMCP_AUDIT_LOG", "off"), "--url", db.launcherUrl())) {
                launcher.initialize(Duration.ofSeconds(60));
                launcher.executeQuery(1, "SELECT 1 AS one");
                JsonNode answer = launcher.answer(1, Duration.ofSeconds(30));
                launcher.closeStdin();

                assertTrue(launcher.process().waitFor(30, TimeUnit.SECONDS), "the process exits:\n" + launcher.log());
                assertFalse(StdioLauncher.isError(answer), answer.toString());
                assertEquals(0, launcher.process().exitValue(), "session " + session + ":\n" + launcher.log());
                assertEquals(List.of(), launcher.stdoutNotJson(), "stdout carries the protocol only");
                String log = launcher.log();
                assertFalse(log.contains("marked as broken"), "session " + session + ":\n" + log);
                assertFalse(log.contains("\tat "), "no stack trace in session " + session + ":\n" + log);
                assertFalse(log.contains("cannot be reached"), "session " + session + ":\n" + log);
            }
        }
    }
}
