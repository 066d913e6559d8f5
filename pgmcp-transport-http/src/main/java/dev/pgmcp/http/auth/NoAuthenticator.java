package dev.pgmcp.http.auth;

import dev.pgmcp.spi.Principal;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Set;

/**
 * Accepts every request as the {@value #NAME} principal. Only for loopback binds: the settings refuse
 * it on any other address.
 */
public final class NoAuthenticator implements Authenticator {

    /** Name of the principal of unauthenticated requests. */
    public static final String NAME = "anonymous";

    private static final Principal ANONYMOUS = new Principal(NAME, "none", Set.of());

    @Override
    public Principal authenticate(HttpServletRequest request) {
        return ANONYMOUS;
    }
}
