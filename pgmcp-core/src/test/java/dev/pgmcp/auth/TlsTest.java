package dev.pgmcp.auth;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.SecuredPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS against a PostgreSQL started with a self-signed certificate for {@code localhost}:
 * {@code verify-full} connects with the right root certificate and host name, and refuses a wrong
 * host name or a wrong root certificate.
 */
class TlsTest {

    static SecuredPostgres server;

    @BeforeAll
    static void start() {
        server = SecuredPostgres.shared();
    }

    private static ToolResult sslQuery(String url) {
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .connectTimeout(Duration.ofSeconds(2)).poolMinIdle(0).auditLog("off").build();
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).build()) {
            return pgmcp.callTool("execute_query", Map.of("sql",
                    "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
        }
    }

    private static String url(String host, Path root, String mode) {
        return "postgresql://postgres@" + host + ":" + server.port() + "/postgres?sslmode=" + mode + "&sslrootcert=" + root;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> firstRow(ToolResult r) {
        return ((List<List<Object>>) r.structuredContent().get("rows")).get(0);
    }

    @Test
    void verifyFullSucceedsWithTheRightRootCertificateAndHostName() {
        ToolResult r = sslQuery(url("localhost", server.rootCertificate(), "verify-full"));
        assertFalse(r.error(), r.text());
        assertEquals(true, firstRow(r).get(0), r.text());
        assertTrue(String.valueOf(firstRow(r).get(1)).startsWith("TLSv1."), r.text());
    }

    @Test
    void verifyFullFailsForAHostNameTheCertificateDoesNotName() {
        // Same server, same root certificate, but reached as 127.0.0.1: the certificate names only localhost.
        ToolResult r = sslQuery(url("127.0.0.1", server.rootCertificate(), "verify-full"));
        assertTrue(r.error(), r.text());
        assertTrue(r.text().startsWith("Database unavailable"), r.text());
        assertTrue(r.text().contains("127.0.0.1"), r.text());
        // verify-ca checks the chain only, so the same connection passes.
        ToolResult ca = sslQuery(url("127.0.0.1", server.rootCertificate(), "verify-ca"));
        assertFalse(ca.error(), ca.text());
    }

    @Test
    void verifyFullFailsWithAnotherRootCertificate(@TempDir Path dir) throws Exception {
        SecuredPostgres.Pem other = SecuredPostgres.selfSigned(dir, "other", "localhost");
        ToolResult r = sslQuery(url("localhost", other.certificate(), "verify-full"));
        assertTrue(r.error(), r.text());
        assertTrue(r.text().startsWith("Database unavailable"), r.text());
    }

    @Test
    void requireEncryptsWithoutCheckingTheCertificate(@TempDir Path dir) throws Exception {
        SecuredPostgres.Pem other = SecuredPostgres.selfSigned(dir, "unrelated", "elsewhere");
        ToolResult r = sslQuery(url("127.0.0.1", other.certificate(), "require"));
        assertFalse(r.error(), r.text());
        assertEquals(true, firstRow(r).get(0), r.text());
    }
}
