package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS from a PKCS#12 keystore made by the JDK's keytool for this test. */
class TlsTest {

    private static final String PASSWORD = "test-keystore-pw";

    @TempDir
    static Path dir;

    private static PgMcp engine;
    private static PgMcpHttpServer server;
    private static SSLContext trusting;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "pgmcp", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
        engine = HttpTesting.engine();
        server = PgMcpHttpServer.builder(engine).settings(HttpTesting.settings().tls(keystore, PASSWORD).build()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @Test
    void sdkClientSpeaksMcpOverHttps() {
        URI uri = server.uri();
        assertEquals("https", uri.getScheme());
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("https://127.0.0.1:" + server.port())
                .endpoint("/mcp")
                .clientBuilder(HttpClient.newBuilder().sslContext(trusting))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        try {
            client.initialize();
            assertTrue(HttpTesting.toolNames(client).containsAll(List.of("execute_query", "whoami")));
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void healthOverHttpsAndNoPlainHttp() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting).build();
        HttpResponse<String> ok = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .timeout(Duration.ofSeconds(10)).build();
        // The TLS connector answers plain HTTP with a TLS alert or a 400, never the endpoint's content.
        try {
            HttpResponse<String> r = plain.send(request, HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() >= 400, "plain HTTP got " + r.statusCode());
        } catch (java.io.IOException expected) {
            // The answer was a TLS alert, not HTTP: plain HTTP gets nothing from the endpoint.
        }
    }
}
