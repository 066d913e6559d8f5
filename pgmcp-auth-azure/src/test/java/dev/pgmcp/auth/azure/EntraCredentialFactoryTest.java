package dev.pgmcp.auth.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.pgmcp.auth.CredentialProvider;
import dev.pgmcp.auth.CredentialTarget;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.pool.CredentialProviders;
import dev.pgmcp.testing.ManualClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code entra} method without Azure: a fake {@link TokenCredential} stands in for Azure
 * Identity (tokens of one hour), a hand-moved clock for time.
 */
class EntraCredentialFactoryTest {

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T08:00:00Z"));
    final List<List<String>> scopesAsked = new ArrayList<>();

    /** Issues "token-N", valid one hour from the clock's now. */
    TokenCredential fake() {
        return new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return Mono.fromSupplier(() -> getTokenSync(request));
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext request) {
                scopesAsked.add(request.getScopes());
                return new AccessToken("token-" + scopesAsked.size(), clock.instant().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
            }
        };
    }

    @Test
    void asksForThePostgresScopeAndRefreshesFiveMinutesBeforeExpiry() throws Exception {
        CredentialProvider p = new EntraCredentialFactory(this::fake, clock)
                .create(new CredentialTarget("main", "srv.postgres.database.azure.com", 5432, "mcp-identity"));
        assertEquals("token-1", p.password());
        assertEquals(List.of(List.of("https://ossrdbms-aad.database.windows.net/.default")), scopesAsked);
        clock.advance(Duration.ofMinutes(54));
        assertEquals("token-1", p.password());
        clock.advance(Duration.ofMinutes(1));
        assertEquals("token-2", p.password());
        assertEquals(2, scopesAsked.size());
    }

    @Test
    void aFailingCredentialPropagatesItsReason() {
        TokenCredential broken = new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return Mono.error(new IllegalStateException("ManagedIdentityCredential authentication unavailable"));
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext request) {
                throw new IllegalStateException("ManagedIdentityCredential authentication unavailable");
            }
        };
        CredentialProvider p = new EntraCredentialFactory(() -> broken, clock)
                .create(new CredentialTarget("main", "srv", 5432, "mcp-identity"));
        Exception e = assertThrows(IllegalStateException.class, p::password);
        assertTrue(e.getMessage().contains("ManagedIdentityCredential"), e.getMessage());
    }

    @Test
    void aUserIsRequired() {
        ConfigException e = assertThrows(ConfigException.class, () -> new EntraCredentialFactory(this::fake, clock)
                .create(new CredentialTarget("main", "srv", 5432, null)));
        assertEquals("PGMCP_DATABASE_AUTH", e.setting());
    }

    @Test
    void foundThroughServiceLoaderByMethodNameWithoutNetworkAccess() {
        PgMcpConfig config = PgMcpConfig.builder()
                .database("main", "postgresql://mcp-identity@srv.postgres.database.azure.com/app?sslmode=require")
                .databaseAuth("main", "entra").build();
        CredentialProvider p = CredentialProviders.forDatabase(config.databases().get("main"),
                Thread.currentThread().getContextClassLoader());
        assertInstanceOf(dev.pgmcp.auth.RefreshingToken.class, p);
        assertEquals(0, ((dev.pgmcp.auth.RefreshingToken) p).fetches());
    }
}
