package dev.pgmcp.http;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.RoleMapping;
import dev.pgmcp.testing.PerPersonRoles;
import dev.pgmcp.testing.TestPostgres;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-person roles over HTTP: two bearer tokens (and a JWT whose {@code groups} claim is mapped) reach
 * the same database through a login role with NOINHERIT, mapped to two roles, with a row-level
 * security policy on one table. The same {@code SELECT} returns each person only their rows through
 * {@code execute_query}, {@code read_table} and a host tool; a token nothing maps is refused, or runs as
 * the default role where one is configured; an attempt to switch roles leaves the next call on the
 * (one) pooled connection as it was.
 */
@SuppressWarnings("unchecked")
class PerPersonRolesHttpTest {

    private static String LOGIN;
    private static String ALICE;
    private static String BOB;
    private static String GUEST;
    private static final String ISSUER = "https://issuer.test/roles";

    private static final String ALICE_TOKEN = "alice-roles-0123456789";
    private static final String BOB_TOKEN = "bob-roles-9876543210ab";
    private static final String CAROL_TOKEN = "carol-roles-5555555555";

    private static String url;
    private static PgMcp engine;
    private static PgMcpHttpServer server;
    private static PgMcp defaulted;
    private static PgMcpHttpServer defaultedServer;
    private static PgMcp oauthEngine;
    private static PgMcpHttpServer oauthServer;
    private static HttpServer jwks;
    private static RSAKey key;

    @BeforeAll
    static void start() throws Exception {
        url = TestPostgres.freshDatabase("http_roles");
        PerPersonRoles roles = PerPersonRoles.create(url, "http");
        LOGIN = roles.login();
        ALICE = roles.alice();
        BOB = roles.bob();
        GUEST = roles.guest();

        RoleMapping byLabel = RoleMapping.builder().principal("alice", ALICE).principal("bob", BOB).build();
        engine = engine(byLabel);
        server = bearerServer(engine);
        defaulted = engine(RoleMapping.builder().principal("alice", ALICE).defaultRole(GUEST).build());
        defaultedServer = bearerServer(defaulted);

        key = new RSAKeyGenerator(2048).keyID("roles-key").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/keys", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
        oauthEngine = engine(RoleMapping.builder().principal("user-alice", ALICE).claim("groups")
                .claimValue("group-bob", BOB).claimValue("group-alice", ALICE).build());
        oauthServer = PgMcpHttpServer.builder(oauthEngine)
                .settings(HttpSettings.builder().port(0).auth(HttpSettings.AuthMode.OAUTH).oauthIssuer(ISSUER)
                        .oauthAudience("pgmcp-roles-test")
                        .oauthJwksUrl(URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/keys")).build())
                .start();
    }

    @AfterAll
    static void stop() {
        for (PgMcpHttpServer s : new PgMcpHttpServer[]{server, defaultedServer, oauthServer}) {
            if (s != null) {
                s.close();
            }
        }
        for (PgMcp e : new PgMcp[]{engine, defaulted, oauthEngine}) {
            if (e != null) {
                e.close();
            }
        }
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    /** An engine connecting as the login role, with one pooled connection and the host tool. */
    private static PgMcp engine(RoleMapping mapping) {
        return PgMcp.builder(PgMcpConfig.builder().database("main", url.replaceFirst("user=[^&]*", "user=" + LOGIN))
                        .poolMinIdle(1).poolMaxSize(1).rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off")
                        .roleMapping(mapping).build())
                .discoverTools(false).discoverListeners(false).addTool(new PerPersonRoles.MyNotes()).build();
    }

    private static PgMcpHttpServer bearerServer(PgMcp pgmcp) {
        return PgMcpHttpServer.builder(pgmcp)
                .settings(HttpTesting.settings().auth(HttpSettings.AuthMode.BEARER).bearerToken("alice", ALICE_TOKEN)
                        .bearerToken("bob", BOB_TOKEN).bearerToken("carol", CAROL_TOKEN).build())
                .start();
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static List<List<Object>> rows(McpSchema.CallToolResult r) {
        assertFalse(Boolean.TRUE.equals(r.isError()), () -> HttpTesting.text(r));
        return (List<List<Object>>) ((Map<String, Object>) r.structuredContent()).get("rows");
    }

    /** @return the bodies the caller sees through execute_query, read_table and the host tool, each as a list */
    private static List<List<String>> bodies(McpSyncClient client) {
        List<String> sql = rows(call(client, "execute_query", Map.of("sql", "SELECT body FROM notes ORDER BY id")))
                .stream().map(r -> (String) r.get(0)).toList();
        List<String> table = rows(call(client, "read_table", Map.of("table_name", "notes")))
                .stream().map(r -> (String) r.get(2)).toList();
        List<String> tool = rows(call(client, "my_notes", Map.of())).stream().map(r -> (String) r.get(0)).toList();
        return List.of(sql, table, tool);
    }

    @Test
    void eachBearerPrincipalSeesOnlyItsRowsThroughEveryKindOfTool() {
        McpSyncClient alice = HttpTesting.client(server.uri(), ALICE_TOKEN);
        McpSyncClient bob = HttpTesting.client(server.uri(), BOB_TOKEN);
        try {
            List<String> aliceRows = List.of("alice-1", "alice-2");
            assertEquals(List.of(aliceRows, aliceRows, aliceRows), bodies(alice));
            List<String> bobRows = List.of("bob-1");
            assertEquals(List.of(bobRows, bobRows, bobRows), bodies(bob));
            // Interleaved on the one pooled connection, each call still runs as its own caller.
            assertEquals(List.of(List.of(ALICE, "pgmcp:alice")), rows(call(alice, "execute_query", Map.of("sql",
                    "SELECT current_user::text, current_setting('application_name')"))));
            assertEquals(List.of(List.of(BOB, "pgmcp:bob")), rows(call(bob, "execute_query", Map.of("sql",
                    "SELECT current_user::text, current_setting('application_name')"))));
        } finally {
            alice.closeGracefully();
            bob.closeGracefully();
        }
    }

    @Test
    void anUnmappedTokenIsRefusedOrRunsAsTheDefaultRole() {
        McpSyncClient carol = HttpTesting.client(server.uri(), CAROL_TOKEN);
        try {
            Map<String, Map<String, Object>> calls = Map.of("execute_query", Map.of("sql", "SELECT body FROM notes"),
                    "read_table", Map.of("table_name", "notes"), "my_notes", Map.of(), "list_tables", Map.of());
            for (Map.Entry<String, Map<String, Object>> c : calls.entrySet()) {
                McpSchema.CallToolResult r = call(carol, c.getKey(), c.getValue());
                assertTrue(Boolean.TRUE.equals(r.isError()), c.getKey());
                assertTrue(HttpTesting.text(r).startsWith("Not permitted: no database role is mapped to 'carol'"),
                        HttpTesting.text(r));
            }
        } finally {
            carol.closeGracefully();
        }
        McpSyncClient defaultedCarol = HttpTesting.client(defaultedServer.uri(), CAROL_TOKEN);
        try {
            List<String> guestRows = List.of("guest-1");
            assertEquals(List.of(guestRows, guestRows, guestRows), bodies(defaultedCarol));
        } finally {
            defaultedCarol.closeGracefully();
        }
    }

    @Test
    void aJwtMapsByItsSubjectOrByTheFirstConfiguredGroupItCarries() throws Exception {
        McpSyncClient bySubject = HttpTesting.client(oauthServer.uri(), jwt("user-alice", List.of("group-bob")));
        McpSyncClient byGroup = HttpTesting.client(oauthServer.uri(), jwt("user-7", List.of("group-alice", "group-bob")));
        McpSyncClient noGroup = HttpTesting.client(oauthServer.uri(), jwt("user-8", List.of("group-other")));
        try {
            List<String> aliceRows = List.of("alice-1", "alice-2");
            assertEquals(List.of(aliceRows, aliceRows, aliceRows), bodies(bySubject));
            // group-bob is configured before group-alice: it decides, whatever the token's order.
            List<String> bobRows = List.of("bob-1");
            assertEquals(List.of(bobRows, bobRows, bobRows), bodies(byGroup));
            McpSchema.CallToolResult r = call(noGroup, "execute_query", Map.of("sql", "SELECT 1"));
            assertTrue(HttpTesting.text(r).contains("none of its groups values is mapped"), HttpTesting.text(r));
        } finally {
            bySubject.closeGracefully();
            byGroup.closeGracefully();
            noGroup.closeGracefully();
        }
    }

    @Test
    void aRoleSwitchInOneCallDoesNotReachTheNextOnTheConnection() {
        McpSyncClient alice = HttpTesting.client(server.uri(), ALICE_TOKEN);
        McpSyncClient bob = HttpTesting.client(server.uri(), BOB_TOKEN);
        try {
            String probe = "SELECT current_user::text, pg_backend_pid(), (SELECT string_agg(body, ',') FROM notes)";
            Object pid = rows(call(alice, "execute_query", Map.of("sql", probe))).get(0).get(1);
            for (String attempt : List.of("RESET ROLE", "SET ROLE " + BOB, "SELECT set_config('role', '" + BOB + "', false)",
                    "SELECT pg_catalog.\"set_config\"('role', 'none', false)")) {
                McpSchema.CallToolResult r = call(alice, "execute_query", Map.of("sql", attempt));
                assertTrue(HttpTesting.text(r).startsWith("Query rejected"), HttpTesting.text(r));
                assertEquals(List.of(List.of(ALICE, pid, "alice-1,alice-2")),
                        rows(call(alice, "execute_query", Map.of("sql", probe))), attempt);
                assertEquals(List.of(List.of(BOB, pid, "bob-1")),
                        rows(call(bob, "execute_query", Map.of("sql", probe))), attempt);
            }
        } finally {
            alice.closeGracefully();
            bob.closeGracefully();
        }
    }

    @Test
    void resourcesAndCompletionShowWhatTheCallersRoleMaySee() {
        McpSyncClient alice = HttpTesting.client(server.uri(), ALICE_TOKEN);
        McpSyncClient bob = HttpTesting.client(server.uri(), BOB_TOKEN);
        McpSyncClient carol = HttpTesting.client(server.uri(), CAROL_TOKEN);
        try {
            assertTrue(resourceText(alice, "schema://main").contains("alice_only"));
            String bobs = resourceText(bob, "schema://main");
            assertTrue(bobs.contains("notes") && !bobs.contains("alice_only"), bobs);
            assertFalse(resourceText(bob, "postgres://tables").contains("alice_only"));
            McpError hidden = assertThrows(McpError.class, () -> bob.readResource(
                    new McpSchema.ReadResourceRequest("schema://main/alice_only")));
            assertTrue(hidden.getMessage().contains("Resource not found"), hidden.getMessage());
            McpError refused = assertThrows(McpError.class, () -> carol.readResource(
                    new McpSchema.ReadResourceRequest("schema://main")));
            assertTrue(refused.getMessage().contains("Not permitted: no database role is mapped to 'carol'"),
                    refused.getMessage());

            McpSchema.CompleteRequest tables = new McpSchema.CompleteRequest(
                    new McpSchema.ResourceReference("schema://{database}/{table}"),
                    new McpSchema.CompleteRequest.CompleteArgument("table", "a"));
            assertEquals(List.of("alice_only"), alice.completeCompletion(tables).completion().values());
            assertEquals(List.of(), bob.completeCompletion(tables).completion().values());
            assertEquals(List.of(), carol.completeCompletion(tables).completion().values());
        } finally {
            alice.closeGracefully();
            bob.closeGracefully();
            carol.closeGracefully();
        }
    }

    private static String resourceText(McpSyncClient client, String uri) {
        McpSchema.ReadResourceResult r = client.readResource(new McpSchema.ReadResourceRequest(uri));
        return ((McpSchema.TextResourceContents) r.contents().get(0)).text();
    }

    @Test
    void aSessionTakesTheClaimsOfItsCallersRefreshedToken() throws Exception {
        int port = oauthServer.uri().getPort();
        String before = jwt("user-9", List.of("group-alice"));
        HttpTesting.Raw init = HttpTesting.raw(port, "POST", "/mcp",
                HttpTesting.mcpHeaders("Authorization", "Bearer " + before), HttpTesting.initializeBody());
        assertEquals(200, init.status(), init.body());
        String session = init.header("Mcp-Session-Id");
        assertTrue(session != null && !session.isEmpty(), init.toString());
        String whoami = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"execute_query\",\"arguments\":{\"sql\":\"SELECT current_user::text AS who\"}}}";
        Map<String, String> headers = HttpTesting.mcpHeaders("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
        headers.put("Authorization", "Bearer " + before);
        HttpTesting.Raw first = HttpTesting.raw(port, "POST", "/mcp", headers, whoami);
        assertTrue(first.body().contains(ALICE) && !first.body().contains(BOB), first.body());
        // The same person, a refreshed token: now in the other group.
        headers.put("Authorization", "Bearer " + jwt("user-9", List.of("group-bob")));
        HttpTesting.Raw second = HttpTesting.raw(port, "POST", "/mcp", headers, whoami);
        assertTrue(second.body().contains(BOB) && !second.body().contains(ALICE), second.body());
        // Another person's token does not reach the session at all.
        headers.put("Authorization", "Bearer " + jwt("user-10", List.of("group-alice")));
        assertEquals(404, HttpTesting.raw(port, "POST", "/mcp", headers, whoami).status());
    }

    private static String jwt(String subject, List<String> groups) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience("pgmcp-roles-test")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(300))).claim("groups", groups).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
