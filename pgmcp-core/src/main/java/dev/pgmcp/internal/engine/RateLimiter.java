package dev.pgmcp.internal.engine;

import dev.pgmcp.config.PgMcpConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Tool-call rate limits per principal ({@code Principal.name()}; stdio and in-process calls are all
 * {@code local}, so the limit is per process there): a Bucket4j token bucket per principal with one
 * bandwidth per configured window (requests per minute, requests per hour), each refilled greedily
 * (a full window's worth after a quiet window, then one token every window/limit).
 *
 * <p>Buckets live in a map bounded to {@link #MAX_PRINCIPALS} entries, least recently used evicted
 * first, so that an HTTP server with many callers keeps bounded memory; an evicted principal starts
 * again with a full bucket. Thread-safe.
 */
public final class RateLimiter {

    /** Most principals whose buckets are kept. */
    public static final int MAX_PRINCIPALS = 10_000;

    /** A limiter that lets every call through. */
    public static final RateLimiter UNLIMITED = new RateLimiter(0, 0, TimeMeter.SYSTEM_NANOTIME);

    private final long perMinute;
    private final long perHour;
    private final TimeMeter clock;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_PRINCIPALS;
        }
    };

    /**
     * @param perMinute calls per principal per minute, 0 = no per-minute limit
     * @param perHour   calls per principal per hour, 0 = no per-hour limit
     * @param clock     Bucket4j's time source (tests pass a manual one)
     * @throws IllegalArgumentException when a limit is negative
     */
    public RateLimiter(long perMinute, long perHour, TimeMeter clock) {
        if (perMinute < 0 || perHour < 0) {
            throw new IllegalArgumentException("rate limits must be >= 0: " + perMinute + "/min, " + perHour + "/h");
        }
        this.perMinute = perMinute;
        this.perHour = perHour;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the limiter of {@code PGMCP_RATE_LIMIT_PER_MINUTE} and {@code PGMCP_RATE_LIMIT_PER_HOUR} */
    public static RateLimiter of(PgMcpConfig config) {
        return new RateLimiter(config.rateLimitPerMinute(), config.rateLimitPerHour(), TimeMeter.SYSTEM_NANOTIME);
    }

    /** @return whether any limit is set */
    public boolean enabled() {
        return perMinute > 0 || perHour > 0;
    }

    /**
     * Takes one call from the principal's allowance.
     *
     * @param principal the caller's name
     * @return the verdict: allowed, or refused with the seconds after which a call is allowed again
     */
    public Verdict acquire(String principal) {
        if (!enabled()) {
            return Verdict.ALLOWED;
        }
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(principal, p -> newBucket());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Verdict.ALLOWED;
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return new Verdict(false, seconds, "Rate limit exceeded for '" + principal + "' (" + describe()
                + "). Retry in " + seconds + " second" + (seconds == 1 ? "" : "s") + ".");
    }

    /** @return how many principals have a bucket now (at most {@link #MAX_PRINCIPALS}) */
    int trackedPrincipals() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** @return the limits in words, e.g. {@code 60 calls per minute, 1000 per hour} */
    public String describe() {
        if (perMinute > 0 && perHour > 0) {
            return perMinute + " calls per minute, " + perHour + " per hour";
        }
        return perMinute > 0 ? perMinute + " calls per minute" : perHour + " calls per hour";
    }

    private Bucket newBucket() {
        var b = Bucket.builder().withCustomTimePrecision(clock);
        if (perMinute > 0) {
            b.addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build());
        }
        if (perHour > 0) {
            b.addLimit(Bandwidth.builder().capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)).build());
        }
        return b.build();
    }

    /**
     * @param allowed           whether the call may run
     * @param retryAfterSeconds when refused: whole seconds until the next call is allowed (at least 1); else 0
     * @param message           when refused: the error text for the client (names the limits and the
     *                          seconds to wait); else {@code null}
     */
    public record Verdict(boolean allowed, long retryAfterSeconds, String message) {
        static final Verdict ALLOWED = new Verdict(true, 0, null);
    }
}
