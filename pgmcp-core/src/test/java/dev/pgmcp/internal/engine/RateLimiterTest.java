package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limits per principal: Bucket4j on a manual clock, then through the engine. */
class RateLimiterTest {

    /** A clock the test moves by hand, so that no assertion depends on timing. */
    static final class ManualClock implements TimeMeter {
        long nanos = 1_000_000_000L;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        void advance(Duration d) {
            nanos += d.toNanos();
        }
    }

    @Test
    void perMinuteLimitRefusesWithSecondsToWaitAndRefills() {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(3, 0, clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire("local").allowed(), "call " + i);
        }
        RateLimiter.Verdict refused = limiter.acquire("local");
        assertFalse(refused.allowed());
        assertEquals(20, refused.retryAfterSeconds()); // 3 per minute: one call back every 20 s
        assertEquals("Rate limit exceeded for 'local' (3 calls per minute). Retry in 20 seconds.", refused.message());

        clock.advance(Duration.ofSeconds(19));
        RateLimiter.Verdict stillRefused = limiter.acquire("local");
        assertEquals(1, stillRefused.retryAfterSeconds());
        assertTrue(stillRefused.message().endsWith("Retry in 1 second."), stillRefused.message());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(limiter.acquire("local").allowed());
        assertFalse(limiter.acquire("local").allowed());
    }

    @Test
    void principalsHaveTheirOwnBuckets() {
        RateLimiter limiter = new RateLimiter(1, 0, new ManualClock());
        assertTrue(limiter.acquire("alice").allowed());
        assertFalse(limiter.acquire("alice").allowed());
        assertTrue(limiter.acquire("bob").allowed());
    }

    @Test
    void hourlyLimitHoldsWhenTheMinuteAllowsMore() {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(10, 4, clock);
        for (int i = 0; i < 4; i++) {
            assertTrue(limiter.acquire("p").allowed());
            clock.advance(Duration.ofSeconds(30));
        }
        RateLimiter.Verdict refused = limiter.acquire("p");
        assertFalse(refused.allowed());
        // 4 per hour: one call back every 15 minutes after the first, less the 2 minutes gone by
        long expected = Duration.ofMinutes(15).minusMinutes(2).toSeconds();
        assertTrue(Math.abs(refused.retryAfterSeconds() - expected) <= 1, refused.message());
        assertTrue(refused.message().contains("10 calls per minute, 4 per hour"), refused.message());
    }

    @Test
    void zeroMeansNoLimit() {
        RateLimiter limiter = new RateLimiter(0, 0, new ManualClock());
        assertFalse(limiter.enabled());
        for (int i = 0; i < 10_000; i++) {
            assertTrue(limiter.acquire("local").allowed());
        }
        assertEquals(0, limiter.trackedPrincipals());
    }

    @Test
    void bucketsAreBoundedLeastRecentlyUsedFirst() {
        RateLimiter limiter = new RateLimiter(1, 0, new ManualClock());
        assertTrue(limiter.acquire("first").allowed());
        for (int i = 0; i < RateLimiter.MAX_PRINCIPALS; i++) {
            limiter.acquire("p" + i);
        }
        assertEquals(RateLimiter.MAX_PRINCIPALS, limiter.trackedPrincipals());
        // "first" was evicted: it starts again with a full bucket
        assertTrue(limiter.acquire("first").allowed());
        assertFalse(limiter.acquire("first").allowed());
    }

    @Test
    void engineRefusesTheCallOverTheLimitAndSaysWhenToRetry() {
        String url = TestPostgres.freshDatabase("ratelimit");
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).auditLog("off")
                .rateLimitPerMinute(2).rateLimitPerHour(1000).build();
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).build()) {
            assertFalse(pgmcp.callTool("execute_query", Map.of("sql", "SELECT 1")).error());
            assertFalse(pgmcp.callTool("list_schemas", Map.of()).error());
            ToolResult refused = pgmcp.callTool("execute_query", Map.of("sql", "SELECT 1"));
            assertTrue(refused.error());
            Matcher m = Pattern.compile("Rate limit exceeded for 'local' \\(2 calls per minute, 1000 per hour\\)\\. "
                    + "Retry in (\\d+) seconds?\\.").matcher(refused.text());
            assertTrue(m.matches(), refused.text());
            int seconds = Integer.parseInt(m.group(1));
            assertTrue(seconds >= 1 && seconds <= 30, refused.text());

            // Another principal has its own allowance.
            CallInfo bob = new CallInfo(new Principal("bob", "bearer", Set.of()), null);
            ToolResult forBob = pgmcp.callTool("execute_query", Map.of("sql", "SELECT 1"), bob);
            assertFalse(forBob.error(), forBob.text());
        }
    }
}
