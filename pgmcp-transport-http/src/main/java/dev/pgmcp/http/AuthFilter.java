package dev.pgmcp.http;

import dev.pgmcp.http.auth.AuthenticationException;
import dev.pgmcp.http.auth.Authenticator;
import dev.pgmcp.spi.Principal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Set;

/**
 * Authenticates requests to the protected paths (MCP, legacy SSE, metrics) with the configured
 * {@link Authenticator} and stores the {@link Principal} as the request attribute
 * {@link PgMcpHttpEndpoint#PRINCIPAL_ATTRIBUTE}, where the MCP transport's context extractor finds it.
 *
 * <p>Failures follow RFC 6750 §3: 401 with {@code WWW-Authenticate: Bearer ...} (carrying
 * {@code resource_metadata} per RFC 9728 §5.1 when OAuth is on), 403 with
 * {@code error="insufficient_scope"} and the needed {@code scope}, 400 for a malformed request.
 */
final class AuthFilter extends HttpFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AuthFilter.class);

    private final Authenticator authenticator;
    private final String challengeBase;

    /**
     * @param authenticator       decides who is calling
     * @param resourceMetadataUrl the RFC 9728 metadata URL to advertise, or {@code null} (no OAuth)
     */
    AuthFilter(Authenticator authenticator, String resourceMetadataUrl) {
        this.authenticator = authenticator;
        this.challengeBase = resourceMetadataUrl != null
                ? "Bearer resource_metadata=\"" + quote(resourceMetadataUrl) + "\""
                : "Bearer realm=\"pgmcp\"";
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Principal principal;
        try {
            principal = authenticator.authenticate(req);
        } catch (AuthenticationException e) {
            LOG.debug("{} {} refused: {}", req.getMethod(), req.getRequestURI(), e.getMessage());
            res.setHeader("WWW-Authenticate", challenge(e));
            AuthenticationException.Failure f = e.failure();
            Responses.error(res, f.status(), f.error() == null ? "unauthorized" : f.error(), e.getMessage());
            return;
        }
        req.setAttribute(PgMcpHttpEndpoint.PRINCIPAL_ATTRIBUTE, principal);
        chain.doFilter(req, res);
    }

    private String challenge(AuthenticationException e) {
        StringBuilder sb = new StringBuilder(challengeBase);
        if (e.failure().error() != null) {
            sb.append(", error=\"").append(e.failure().error()).append('"');
            sb.append(", error_description=\"").append(quote(e.getMessage())).append('"');
        }
        Set<String> scopes = e.requiredScopes();
        if (!scopes.isEmpty()) {
            sb.append(", scope=\"").append(quote(String.join(" ", scopes))).append('"');
        }
        return sb.toString();
    }

    /** RFC 9110 quoted-string content: no quotes, backslashes or control characters. */
    private static String quote(String s) {
        return s == null ? "" : s.replaceAll("[\"\\\\\\p{Cntrl}]", "'");
    }
}
