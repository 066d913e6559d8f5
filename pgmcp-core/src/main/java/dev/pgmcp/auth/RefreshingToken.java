package dev.pgmcp.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link CredentialProvider} for short-lived tokens (Entra ID access tokens, RDS IAM tokens): keeps
 * the last token and fetches a new one only when the cached one is within {@code refreshBefore} of
 * its expiry, so that a connection never starts with a token about to lapse and the token service is
 * asked once per token lifetime, not once per connection.
 *
 * <p>When fetching fails while the cached token is still valid, the cached one is used (and the
 * failure logged as a WARN); after expiry the failure propagates. Thread-safe: concurrent callers
 * share one fetch.
 */
public final class RefreshingToken implements CredentialProvider {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshingToken.class);

    /**
     * A token and the instant it stops being accepted. {@link #toString()} never shows the value.
     *
     * @param value     the token, used as the password
     * @param expiresAt when the server stops accepting it
     */
    public record Token(String value, Instant expiresAt) {
        public Token {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "Token[****, expiresAt=" + expiresAt + "]";
        }
    }

    /** Fetches a new token (from a cloud SDK, or a test's own source). */
    @FunctionalInterface
    public interface Source {
        /**
         * @return a new token
         * @throws Exception when none can be had; the message must not contain a secret
         */
        Token fetch() throws Exception;
    }

    private final String name;
    private final Source source;
    private final Duration refreshBefore;
    private final Clock clock;
    private Token current;
    private long fetches;

    /**
     * @param name          what the token is for, for log lines (e.g. {@code entra token for database 'main'})
     * @param source        fetches new tokens
     * @param refreshBefore how long before expiry a token is replaced (e.g. 5 minutes)
     * @param clock         the time source (tests pass a fixed or hand-moved clock)
     */
    public RefreshingToken(String name, Source source, Duration refreshBefore, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return the cached token's value, or a freshly fetched one when the cached token is missing or
     *         expires within {@code refreshBefore}
     * @throws Exception what the source threw, when no cached token is still valid
     */
    @Override
    public synchronized String password() throws Exception {
        Instant now = clock.instant();
        if (current == null || !now.isBefore(current.expiresAt().minus(refreshBefore))) {
            try {
                Token fresh = source.fetch();
                if (fresh == null) {
                    throw new IllegalStateException("the token source returned no token");
                }
                current = fresh;
                fetches++;
                LOG.debug("{}: new token, expires at {}", name, fresh.expiresAt());
            } catch (Exception e) {
                if (current != null && now.isBefore(current.expiresAt())) {
                    LOG.warn("{}: refreshing the token failed ({}); using the cached one until {}", name,
                            e.getMessage(), current.expiresAt());
                    return current.value();
                }
                throw e;
            }
        }
        return current.value();
    }

    /** @return how many tokens were fetched so far (for tests and diagnostics) */
    public synchronized long fetches() {
        return fetches;
    }
}
