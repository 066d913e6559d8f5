package dev.pgmcp.auth;

import dev.pgmcp.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RefreshingTokenTest {

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    final AtomicInteger issued = new AtomicInteger();

    RefreshingToken.Token next() {
        return new RefreshingToken.Token("t" + issued.incrementAndGet(), clock.instant().plus(Duration.ofMinutes(60)));
    }

    @Test
    void reusesTheTokenUntilTheRefreshWindowThenFetchesANewOne() throws Exception {
        RefreshingToken t = new RefreshingToken("test", this::next, Duration.ofMinutes(5), clock);
        assertEquals("t1", t.password());
        clock.advance(Duration.ofMinutes(54));
        assertEquals("t1", t.password());
        clock.advance(Duration.ofMinutes(1)); // 55 min: 5 min before expiry
        assertEquals("t2", t.password());
        assertEquals(2, t.fetches());
    }

    @Test
    void aFailedRefreshKeepsTheCachedTokenUntilItExpires() throws Exception {
        RefreshingToken.Source flaky = () -> {
            if (issued.get() >= 1) {
                throw new IllegalStateException("endpoint down");
            }
            return next();
        };
        RefreshingToken t = new RefreshingToken("test", flaky, Duration.ofMinutes(5), clock);
        assertEquals("t1", t.password());
        clock.advance(Duration.ofMinutes(58));
        assertEquals("t1", t.password());
        clock.advance(Duration.ofMinutes(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, t::password);
        assertEquals("endpoint down", e.getMessage());
    }

    @Test
    void toStringHidesTheToken() {
        assertFalse(new RefreshingToken.Token("secret-token", clock.instant()).toString().contains("secret-token"));
    }

    @Test
    void aMethodNoModuleOffersFailsAtStartUpNamingTheModule() {
        dev.pgmcp.config.PgMcpConfig config = dev.pgmcp.config.PgMcpConfig.builder()
                .database("main", "postgresql://mcp@srv.postgres.database.azure.com/app").databaseAuth("main", "entra").build();
        dev.pgmcp.config.ConfigException e = assertThrows(dev.pgmcp.config.ConfigException.class,
                () -> dev.pgmcp.PgMcp.builder(config).discoverTools(false).build());
        assertEquals("PGMCP_DATABASE_AUTH", e.setting());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("pgmcp-auth-azure"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("test_token"), e.getMessage());
    }

    @Test
    void targetFromJdbcUrl() {
        assertEquals(new CredentialTarget("main", "db.abc.eu-west-1.rds.amazonaws.com", 5432, "u"),
                CredentialTarget.of("main", "jdbc:postgresql://db.abc.eu-west-1.rds.amazonaws.com/app?x=y", "u"));
        assertEquals(new CredentialTarget("a", "h1", 6543, null), CredentialTarget.of("a", "jdbc:postgresql://h1:6543,h2:5432/d", null));
        assertEquals(new CredentialTarget("a", "::1", 5433, null), CredentialTarget.of("a", "jdbc:postgresql://[::1]:5433/d", null));
    }
}
