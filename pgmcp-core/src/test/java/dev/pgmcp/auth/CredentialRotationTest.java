package dev.pgmcp.auth;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.SecuredPostgres;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials asked per new connection, against a PostgreSQL that really checks passwords
 * (SCRAM-SHA-256, {@link SecuredPostgres}): tokens from a test token source are set as the role's
 * password; rotating the password and the token shows that a cached token is reused until its
 * refresh window, that new connections then use the new one, and that a failing source gives an
 * error naming the method. The same for a password file.
 */
class CredentialRotationTest {

    static final AtomicInteger ROLES = new AtomicInteger();
    static SecuredPostgres server;
    static String database;

    @BeforeAll
    static void start() {
        server = SecuredPostgres.shared();
        database = "rotation_" + ProcessHandle.current().pid();
        TestPostgres.run(server.adminUrl(), "DROP DATABASE IF EXISTS " + database);
        TestPostgres.run(server.adminUrl(), "CREATE DATABASE " + database);
    }

    static String role(String password) {
        String role = "rot_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        TestPostgres.run(server.adminUrl(), "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        return role;
    }

    static void setPassword(String role, String password) {
        TestPostgres.run(server.adminUrl(), "ALTER ROLE " + role + " PASSWORD '" + password + "'");
    }

    /** Ends the role's sessions, so that the pool must open new connections (as after a restart or max lifetime). */
    static void dropConnections(String role) {
        TestPostgres.run(server.adminUrl(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
                + role + "'");
    }

    static PgMcpConfig.Builder config(String role) {
        return PgMcpConfig.builder()
                .database("main", "postgresql://" + role + "@127.0.0.1:" + server.port() + "/" + database + "?sslmode=disable")
                .connectTimeout(Duration.ofMillis(1000)).poolMinIdle(0).auditLog("off")
                .rateLimitPerMinute(0).rateLimitPerHour(0);
    }

    static ToolResult whoAmI(PgMcp pgmcp) {
        return pgmcp.callTool("execute_query", Map.of("sql", "SELECT current_user::text"));
    }

    @SuppressWarnings("unchecked")
    static Object first(ToolResult r) {
        return ((List<List<Object>>) r.structuredContent().get("rows")).get(0).get(0);
    }

    static RefreshingToken.Token token(String value) {
        return new RefreshingToken.Token(value, TestTokenFactory.CLOCK.instant().plus(Duration.ofMinutes(15)));
    }

    @Test
    void tokensAreCachedRefreshedBeforeExpiryAndAFailingSourceNamesTheMethod() {
        String role = role("tok-1");
        TestTokenFactory.source = () -> token("tok-1");
        PgMcpConfig config = config(role).databaseAuth("main", "test_token").build();
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).build()) {
            ToolResult r = whoAmI(pgmcp);
            assertFalse(r.error(), r.text());
            assertEquals(role, first(r));
            assertEquals(1, TestTokenFactory.last.fetches());

            // The password rotates and the source already hands out the new token, but the cached
            // token is not near expiry: a new connection still uses it, and PostgreSQL refuses it.
            setPassword(role, "tok-2");
            TestTokenFactory.source = () -> token("tok-2");
            dropConnections(role);
            ToolResult stale = whoAmI(pgmcp);
            assertTrue(stale.error(), stale.text());
            assertTrue(stale.text().contains("password authentication failed"), stale.text());
            assertEquals(1, TestTokenFactory.last.fetches());

            // Inside the refresh window (15 min token, refreshed 5 min before expiry): a new token.
            TestTokenFactory.CLOCK.advance(Duration.ofMinutes(11));
            ToolResult fresh = whoAmI(pgmcp);
            assertFalse(fresh.error(), fresh.text());
            assertEquals(role, first(fresh));
            assertEquals(2, TestTokenFactory.last.fetches());

            // The source fails and the cached token has expired: the error names method and database.
            setPassword(role, "tok-3");
            TestTokenFactory.source = () -> {
                throw new IllegalStateException("token endpoint unreachable");
            };
            TestTokenFactory.CLOCK.advance(Duration.ofMinutes(30));
            dropConnections(role);
            ToolResult failed = whoAmI(pgmcp);
            assertTrue(failed.error(), failed.text());
            assertTrue(failed.text().startsWith("Database unavailable 08001"), failed.text());
            assertTrue(failed.text().contains("credential method 'test_token'"), failed.text());
            assertTrue(failed.text().contains("database 'main'"), failed.text());
            assertTrue(failed.text().contains("token endpoint unreachable"), failed.text());
            assertFalse(failed.text().contains("tok-"), failed.text());

            // The source recovers: the next call connects, without a restart.
            TestTokenFactory.source = () -> token("tok-3");
            ToolResult recovered = whoAmI(pgmcp);
            assertFalse(recovered.error(), recovered.text());
        }
    }

    @Test
    void aPasswordFileIsReadAgainWhenItChanges(@TempDir Path dir) throws Exception {
        String role = role("first-secret");
        Path file = dir.resolve("password");
        Files.writeString(file, "first-secret\n");
        PgMcpConfig config = config(role).databasePasswordFile("main", file).build();
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).build()) {
            ToolResult r = whoAmI(pgmcp);
            assertFalse(r.error(), r.text());
            assertEquals(role, first(r));

            // A rotation job changes the password and rewrites the file; new connections use the new one.
            setPassword(role, "second-secret-longer");
            Files.writeString(file, "second-secret-longer\n");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            dropConnections(role);
            ToolResult after = whoAmI(pgmcp);
            assertFalse(after.error(), after.text());
            assertEquals(role, first(after));

            // A wrong password in the file is PostgreSQL's refusal, not a crash, and shows no secret.
            Files.writeString(file, "not-the-password\n");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
            dropConnections(role);
            ToolResult wrong = whoAmI(pgmcp);
            assertTrue(wrong.error(), wrong.text());
            assertTrue(wrong.text().contains("password authentication failed"), wrong.text());
            assertFalse(wrong.text().contains("not-the-password"), wrong.text());
        }
    }
}
