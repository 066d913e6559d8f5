package dev.pgmcp.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728 §2-3) at {@code /.well-known/oauth-protected-resource}
 * and, path-inserted, {@code /.well-known/oauth-protected-resource/mcp}: tells an MCP client which
 * authorization server issues tokens for this endpoint (MCP 2025-11-25 authorization §"Authorization
 * Server Discovery"). Served without authentication.
 */
final class ProtectedResourceMetadataServlet extends HttpServlet {

    /** The well-known prefix (RFC 9728 §3). */
    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final transient Map<String, Object> metadata;

    ProtectedResourceMetadataServlet(HttpSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", settings.publicUrl().toString());
        m.put("authorization_servers", List.of(settings.oauthIssuer()));
        if (!settings.oauthRequiredScopes().isEmpty()) {
            m.put("scopes_supported", List.copyOf(settings.oauthRequiredScopes()));
        }
        m.put("bearer_methods_supported", List.of("header"));
        m.put("resource_name", "pgmcp");
        this.metadata = Collections.unmodifiableMap(m);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Responses.json(res, HttpServletResponse.SC_OK, metadata);
    }

    /** @return the metadata URL for a resource URL, per RFC 9728 §3.1 (path inserted after the well-known prefix) */
    static String metadataUrl(java.net.URI resource) {
        String path = resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
        String port = resource.getPort() < 0 ? "" : ":" + resource.getPort();
        return resource.getScheme() + "://" + resource.getHost() + port + WELL_KNOWN + path;
    }
}
