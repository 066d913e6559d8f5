package dev.pgmcp.http.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Why a request was not authenticated. The message is sent to the client as the RFC 6750
 * {@code error_description}, so it must never contain the credential or internal details.
 */
public final class AuthenticationException extends Exception {

    /** The kinds of failure, each with its HTTP status and RFC 6750 §3.1 error code. */
    public enum Failure {
        /** No credentials at all: 401 with a bare challenge (RFC 6750 §3.1: no error code). */
        MISSING(401, null),
        /** A malformed request (e.g. two Authorization headers, a token in the query string): 400. */
        INVALID_REQUEST(400, "invalid_request"),
        /** Credentials that are wrong, expired, for another audience or badly signed: 401. */
        INVALID(401, "invalid_token"),
        /** A valid token without a required scope: 403. */
        INSUFFICIENT_SCOPE(403, "insufficient_scope");

        private final int status;
        private final String error;

        Failure(int status, String error) {
            this.status = status;
            this.error = error;
        }

        /** @return the HTTP status to answer with */
        public int status() {
            return status;
        }

        /** @return the RFC 6750 error code, or {@code null} for {@link #MISSING} */
        public String error() {
            return error;
        }
    }

    private final Failure failure;
    private final Set<String> requiredScopes;

    /**
     * @param failure     what went wrong
     * @param description a short reason safe to show the client (no token, no stack trace)
     */
    public AuthenticationException(Failure failure, String description) {
        this(failure, description, Set.of());
    }

    /**
     * @param failure        what went wrong
     * @param description    a short reason safe to show the client
     * @param requiredScopes for {@link Failure#INSUFFICIENT_SCOPE}: the scopes the request needs
     */
    public AuthenticationException(Failure failure, String description, Set<String> requiredScopes) {
        super(description);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.requiredScopes = Set.copyOf(requiredScopes);
    }

    /** @return what went wrong */
    public Failure failure() {
        return failure;
    }

    /** @return the scopes the request needs (empty unless {@link Failure#INSUFFICIENT_SCOPE}) */
    public Set<String> requiredScopes() {
        return requiredScopes;
    }
}
