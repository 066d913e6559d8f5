package dev.pgmcp.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test moves it, for token expiry and refresh tests. */
public final class ManualClock extends Clock {

    private volatile Instant now;

    /** @param start the initial instant */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /** @param d how far to move the clock forward */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
