package dev.pgmcp.auth.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.pgmcp.auth.RefreshingToken;

import java.util.Objects;

/**
 * Fetches Microsoft Entra ID access tokens for Azure Database for PostgreSQL: the scope
 * {@value #SCOPE} (Azure documentation, "Use Microsoft Entra ID for authentication with Azure
 * Database for PostgreSQL"), from any Azure Identity {@link TokenCredential}. The token is the
 * password; its {@code expiresAt} drives {@link RefreshingToken}'s refresh.
 */
public final class EntraTokenSource implements RefreshingToken.Source {

    /** The OAuth scope of Azure Database for PostgreSQL (Single and Flexible Server). */
    public static final String SCOPE = "https://ossrdbms-aad.database.windows.net/.default";

    private final TokenCredential credential;

    /** @param credential e.g. a {@code DefaultAzureCredential} */
    public EntraTokenSource(TokenCredential credential) {
        this.credential = Objects.requireNonNull(credential, "credential");
    }

    /**
     * @return a token for {@link #SCOPE}
     * @throws IllegalStateException when Azure Identity returns no token; Azure Identity's own
     *                               exceptions (no managed identity, no CLI login...) pass through
     */
    @Override
    public RefreshingToken.Token fetch() {
        AccessToken t = credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE));
        if (t == null || t.getToken() == null || t.getExpiresAt() == null) {
            throw new IllegalStateException("Azure Identity returned no access token for " + SCOPE);
        }
        return new RefreshingToken.Token(t.getToken(), t.getExpiresAt().toInstant());
    }
}
