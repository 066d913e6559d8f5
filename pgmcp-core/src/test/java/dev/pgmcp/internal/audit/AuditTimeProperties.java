package dev.pgmcp.internal.audit;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The audit log's {@code time} is {@link Instant#toString()}'s text, for any instant and fraction. */
class AuditTimeProperties {

    @Property(tries = 3000)
    void timeIsInstantToString(@ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long second,
                               @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
                               @ForAll @IntRange(min = 0, max = 3) int roundTo) {
        // Round the fraction as clocks give it: whole seconds, milliseconds, microseconds or nanoseconds.
        int unit = new int[] {1_000_000_000, 1_000_000, 1_000, 1}[roundTo];
        Instant t = Instant.ofEpochSecond(second, nanos / unit * unit);
        assertEquals(t.toString(), AuditLog.time(t));
        // The same second again (formatted from the cached date part), with another fraction.
        Instant u = Instant.ofEpochSecond(second, (nanos / 7) / unit * unit);
        assertEquals(u.toString(), AuditLog.time(u));
    }
}
