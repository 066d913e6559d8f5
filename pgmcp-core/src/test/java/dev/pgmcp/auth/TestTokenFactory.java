package dev.pgmcp.auth;

import dev.pgmcp.testing.ManualClock;

import java.time.Duration;
import java.time.Instant;

/**
 * Authentication method {@code test_token}, found through ServiceLoader as the cloud modules are:
 * tokens come from {@link #source}, which a test sets, cached by {@link RefreshingToken} on
 * {@link #CLOCK} (moved by hand) and refreshed {@link #REFRESH_BEFORE} before they expire.
 */
public final class TestTokenFactory implements CredentialProviderFactory {

    /** The clock every {@code test_token} provider reads. */
    public static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    /** How long before expiry a token is replaced. */
    public static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    /** Where tokens come from; a test sets it. */
    public static volatile RefreshingToken.Source source = () -> {
        throw new IllegalStateException("no test token source set");
    };
    /** The last provider created, so that a test can count fetches. */
    public static volatile RefreshingToken last;

    @Override
    public String method() {
        return "test_token";
    }

    @Override
    public CredentialProvider create(CredentialTarget target) {
        last = new RefreshingToken("test_token for database '" + target.database() + "'", () -> source.fetch(),
                REFRESH_BEFORE, CLOCK);
        return last;
    }
}
