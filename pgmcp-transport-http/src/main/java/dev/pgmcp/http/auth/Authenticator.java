package dev.pgmcp.http.auth;

import dev.pgmcp.spi.Principal;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides who sent an HTTP request to the MCP endpoint. pgmcp ships {@link NoAuthenticator},
 * {@link StaticTokenAuthenticator} and {@link JwtAuthenticator}; a host application may plug in its own
 * (mutual TLS, an API gateway's identity header...). The API uses Servlet and pgmcp SPI types only,
 * never MCP SDK types.
 *
 * <p>Implementations must be thread-safe, must never log or echo a credential, and must take time
 * independent of how much of a secret matched.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * @param request the HTTP request (its headers; the body is not read yet and must not be)
     * @return the authenticated caller; its name is logged and reaches tools as {@code ToolContext.principal()}
     * @throws AuthenticationException with {@link AuthenticationException.Failure#MISSING} or
     *                                 {@link AuthenticationException.Failure#INVALID} (answered 401) or
     *                                 {@link AuthenticationException.Failure#INSUFFICIENT_SCOPE} (answered 403)
     */
    Principal authenticate(HttpServletRequest request) throws AuthenticationException;
}
