package dev.pgmcp.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * First line of defence on every path: rejects, before any authentication or MCP processing,
 * <ul>
 *   <li>{@code TRACE} and {@code TRACK} (405): they would echo the request, credentials included;</li>
 *   <li>a {@code Host} header outside the allowlist (403): DNS-rebinding protection, MCP 2025-11-25
 *       transports §"Security warning";</li>
 *   <li>an {@code Origin} header outside the allowlist (403); requests without Origin (non-browser
 *       clients) pass;</li>
 *   <li>an {@code access_token} query parameter (400): RFC 6750 §2.3 is not supported and MCP forbids
 *       tokens in URIs;</li>
 *   <li>a declared {@code Content-Length} above the body cap (413); bodies without a length are capped
 *       while the MCP servlet reads them, with the same 413.</li>
 * </ul>
 * Allowlist entries are exact ({@code mcp.example.com}, {@code http://localhost:6274}) or end in
 * {@code :*} for any port, compared case-insensitively.
 */
final class RequestGuardFilter extends HttpFilter {

    private final List<String> allowedHosts;
    private final List<String> allowedOrigins;
    private final long maxBodyBytes;

    RequestGuardFilter(HttpSettings settings) {
        this.allowedHosts = lower(settings.allowedHosts());
        this.allowedOrigins = lower(settings.allowedOrigins());
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if ("TRACE".equals(req.getMethod()) || "TRACK".equals(req.getMethod())) {
            // TRACE echoes the request back, Authorization header included (cross-site tracing).
            res.setHeader("Allow", "GET, POST, DELETE, OPTIONS");
            Responses.error(res, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed", "TRACE is not served");
            return;
        }
        String host = req.getHeader("Host");
        if (host == null || !allowed(allowedHosts, host)) {
            Responses.error(res, HttpServletResponse.SC_FORBIDDEN, "forbidden", "Host header not allowed");
            return;
        }
        String origin = req.getHeader("Origin");
        if (origin != null && !allowed(allowedOrigins, origin)) {
            Responses.error(res, HttpServletResponse.SC_FORBIDDEN, "forbidden", "Origin not allowed");
            return;
        }
        String query = req.getQueryString();
        if (query != null && hasAccessToken(query)) {
            Responses.error(res, HttpServletResponse.SC_BAD_REQUEST, "invalid_request",
                    "access tokens are accepted in the Authorization header only");
            return;
        }
        if (req.getContentLengthLong() > maxBodyBytes) {
            Responses.error(res, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request_too_large",
                    "request body exceeds " + maxBodyBytes + " bytes");
            return;
        }
        chain.doFilter(req, res);
    }

    static boolean allowed(List<String> allowlist, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (String a : allowlist) {
            if (a.equals(v)) {
                return true;
            }
            if (a.endsWith(":*")) {
                String prefix = a.substring(0, a.length() - 2);
                if (v.equals(prefix) || v.startsWith(prefix + ":") && isPort(v, prefix.length() + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return whether {@code v} from {@code start} on is 1 to 5 ASCII digits (a port). Checked by hand: this
     *         runs on every request, and {@link String#matches} compiles its pattern on every call.
     */
    static boolean isPort(String v, int start) {
        int n = v.length() - start;
        if (n < 1 || n > 5) {
            return false;
        }
        for (int i = start; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasAccessToken(String query) {
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (name.equalsIgnoreCase("access_token")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).toList();
    }
}
