package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Shared fixtures for the HTTP tests: a real database, engines with test tools, clients, raw HTTP. */
final class HttpTesting {

    private static String databaseUrl;

    private HttpTesting() {
    }

    /** @return a superuser URL of a database holding {@code items(id, name)} with three rows (created once per JVM) */
    static synchronized String databaseUrl() {
        if (databaseUrl == null) {
            String url = TestPostgres.freshDatabase("http");
            TestPostgres.run(url, "CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);"
                    + "INSERT INTO items VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma');"
                    + "COMMENT ON TABLE items IS 'test items'");
            databaseUrl = url;
        }
        return databaseUrl;
    }

    /** @return an engine on the test database with {@link WhoAmI} and the given extra tools */
    static PgMcp engine(Tool... extra) {
        PgMcp.Builder b = PgMcp.builder(PgMcpConfig.builder().database("main", databaseUrl()).allowUnsafeRole(true).build())
                .discoverTools(false)
                .addTool(new WhoAmI());
        for (Tool t : extra) {
            b.addTool(t);
        }
        return b.build();
    }

    /** @return settings on a free loopback port, no access log noise is removed (it is part of what runs) */
    static HttpSettings.Builder settings() {
        return HttpSettings.builder().port(0);
    }

    /** @return an initialized SDK client on a Streamable HTTP endpoint, sending the token when not null */
    static McpSyncClient client(URI endpoint, String token) {
        HttpClientStreamableHttpTransport.Builder t = HttpClientStreamableHttpTransport
                .builder(endpoint.getScheme() + "://" + endpoint.getAuthority())
                .endpoint(endpoint.getRawPath());
        if (token != null) {
            t.httpRequestCustomizer((request, method, uri, body, context) ->
                    request.header("Authorization", "Bearer " + token));
        }
        McpSyncClient client = McpClient.sync(t.build()).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    /** @return the text of a tool result's first content */
    static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    /** A raw HTTP/1.1 exchange, so tests control every header (Host included) and see every status. */
    record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends one request on a fresh connection ({@code Connection: close}) and reads the whole answer.
     *
     * @param headers extra headers; {@code Host} defaults to {@code 127.0.0.1:port}
     */
    static Raw raw(int port, String method, String path, Map<String, String> headers, String body) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + port);
        h.putAll(headers);
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        h.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        if (body != null && !h.containsKey("Content-Length") && !h.containsKey("Transfer-Encoding")) {
            req.append("Content-Length: ").append(content.length).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(s.getInputStream());
        }
    }

    /** @return JSON-RPC initialize as a POST body */
    static String initializeBody() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    }

    /** @return the headers a Streamable HTTP POST needs */
    static Map<String, String> mcpHeaders(String... more) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        for (int i = 0; i < more.length; i += 2) {
            h.put(more[i], more[i + 1]);
        }
        return h;
    }

    private static Raw parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Raw(status, headers, body);
    }

    /** Returns the caller as tools see it: {@code name|authMethod|scope,scope}. */
    static final class WhoAmI implements Tool {
        @Override
        public String name() {
            return "whoami";
        }

        @Override
        public String description() {
            return "The calling principal (tests only).";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return JsonSchemas.object().build();
        }

        @Override
        public ToolResult call(ToolContext context) {
            Principal p = context.principal();
            return ToolResult.text(p.name() + "|" + p.authMethod() + "|" + String.join(",", p.scopes().stream().sorted().toList()));
        }
    }

    /** @return the names of tools as listed by a client */
    static List<String> toolNames(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }
}
