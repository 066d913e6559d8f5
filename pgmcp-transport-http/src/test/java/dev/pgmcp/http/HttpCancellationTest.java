package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import static dev.pgmcp.http.McpRequests.MODERN;
import static dev.pgmcp.http.McpRequests.modern;
import static dev.pgmcp.http.McpRequests.modernHeaders;
import static dev.pgmcp.http.McpRequests.notification;
import static dev.pgmcp.http.McpRequests.openSession;
import static dev.pgmcp.http.McpRequests.request;
import static dev.pgmcp.http.McpRequests.sessionHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancellation over HTTP stops the statement in PostgreSQL (seen in {@code pg_stat_activity} on an
 * admin connection) within 500 ms, in both protocol eras: a legacy session's
 * {@code notifications/cancelled}, after which no response for the request is sent; a 2026-07-28
 * client closing its response stream, which that revision defines as cancellation.
 */
class HttpCancellationTest {

    /** Allowed by the validator, and runs for many minutes unless stopped. */
    private static final String LONG = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";
    private static final long PROMISE_MS = 500;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String url;
    private static PgMcp engine;
    private static PgMcpHttpServer server;
    private static int port;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("http_cancel");
        engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .statementTimeout(Duration.ofMinutes(5)).build()).discoverTools(false).build();
        server = PgMcpHttpServer.builder(engine).settings(HttpTesting.settings().build()).start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @Test
    void aLegacySessionsCancelledNotificationStopsTheStatementAndSuppressesTheResponse() throws Exception {
        String version = "2025-11-25";
        String session = openSession(port, version, "{}");
        try (Activity activity = new Activity(url);
             StreamingHttp call = StreamingHttp.send(port, "POST", "/mcp", sessionHeaders(session, version),
                     request(5, "tools/call", "{\"name\":\"execute_query\",\"arguments\":{\"sql\":\"" + LONG + "\"}}"))) {
            activity.awaitRunning(LONG, WAIT);
            // A call that runs this long answers with an event stream: cancel once it is open.
            call.head(WAIT);
            assertEquals(200, call.status());

            long start = System.nanoTime();
            HttpTesting.Raw cancelled = HttpTesting.raw(port, "POST", "/mcp", sessionHeaders(session, version),
                    notification("notifications/cancelled", "{\"requestId\":5,\"reason\":\"the user gave up\"}"));
            long ms = activity.awaitStopped(LONG, start, WAIT);
            System.out.println("legacy notifications/cancelled: statement gone " + ms + " ms after the POST");
            assertEquals(202, cancelled.status(), cancelled.body());
            assertTrue(ms <= PROMISE_MS, "the statement stopped " + ms + " ms after notifications/cancelled");

            if (call.isEventStream()) {
                for (StreamingHttp.Event e : call.remainingEvents(WAIT)) {
                    assertFalse(e.data() != null && !e.data().isEmpty() && e.json().has("id"),
                            "no message answers the cancelled request: " + e);
                }
            } else {
                String body = call.body(WAIT);
                assertFalse(body.contains("\"id\""), "no response for the cancelled request: " + body);
            }
        }
    }

    @Test
    void aModernClientClosingItsResponseStreamStopsTheStatement() throws Exception {
        try (Activity activity = new Activity(url)) {
            StreamingHttp call = StreamingHttp.send(port, "POST", "/mcp", modernHeaders(MODERN, "tools/call", "execute_query"),
                    modern(6, "tools/call", "\"name\":\"execute_query\",\"arguments\":{\"sql\":\"" + LONG + "\"}", MODERN));
            try {
                activity.awaitRunning(LONG, WAIT);
            } catch (AssertionError | RuntimeException e) {
                call.close();
                throw e;
            }

            long start = System.nanoTime();
            call.close();
            long ms = activity.awaitStopped(LONG, start, WAIT);
            System.out.println("2026-07-28 stream closed: statement gone " + ms + " ms after the close");
            assertTrue(ms <= PROMISE_MS, "the statement stopped " + ms + " ms after the client closed its stream");
        }
    }

    /** pgmcp's running statements, polled on one admin connection. */
    private static final class Activity implements AutoCloseable {
        private final Connection admin;
        private final PreparedStatement count;

        Activity(String url) throws SQLException {
            admin = DriverManager.getConnection(url);
            count = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND application_name = 'pgmcp' AND state = 'active' AND " + dev.pgmcp.testing.Backends.RUNS);
        }

        int running(String sql) throws SQLException {
            count.setString(1, sql);
            count.setString(2, sql);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }

        void awaitRunning(String sql, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (running(sql) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the statement never ran: " + sql);
                }
                Thread.sleep(20);
            }
        }

        /** @return milliseconds from {@code start} until no pgmcp backend runs {@code sql} */
        long awaitStopped(String sql, long start, Duration timeout) throws Exception {
            long deadline = start + timeout.toNanos();
            while (running(sql) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the statement still runs " + timeout.toMillis() + " ms later: " + sql);
                }
                Thread.sleep(5);
            }
            return (System.nanoTime() - start) / 1_000_000;
        }

        @Override
        public void close() throws SQLException {
            admin.close();
        }
    }
}
