package dev.pgmcp.auth.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.pgmcp.auth.CredentialProvider;
import dev.pgmcp.auth.CredentialProviderFactory;
import dev.pgmcp.auth.CredentialTarget;
import dev.pgmcp.auth.RefreshingToken;
import dev.pgmcp.config.ConfigException;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Authentication method {@code entra} ({@code PGMCP_DATABASE_AUTH=entra}): a Microsoft Entra ID
 * access token as the password, from Azure Identity's {@code DefaultAzureCredential}, which tries in
 * turn a service principal from {@code AZURE_CLIENT_ID}/{@code AZURE_TENANT_ID}/{@code AZURE_CLIENT_SECRET}
 * (or {@code AZURE_CLIENT_CERTIFICATE_PATH}), workload identity, managed identity (user-assigned
 * when {@code AZURE_CLIENT_ID} is set), and the developer's Azure CLI / Azure Developer CLI login.
 *
 * <p>Tokens live about an hour; each is reused for new connections until
 * {@value #REFRESH_BEFORE_MINUTES} minutes before it expires. PostgreSQL checks the token only when a
 * connection opens, so open connections outlive it.
 *
 * <p>The user in the URL must be the Entra principal's PostgreSQL role: the managed identity's or
 * application's name, or a group or user name (Azure documentation, "Manage Microsoft Entra roles").
 */
public final class EntraCredentialFactory implements CredentialProviderFactory {

    /** Minutes before expiry at which a cached token is replaced. */
    static final int REFRESH_BEFORE_MINUTES = 5;

    private final Supplier<TokenCredential> credentials;
    private final Clock clock;

    /** The ServiceLoader constructor: {@code DefaultAzureCredential} and the system clock. */
    public EntraCredentialFactory() {
        this(() -> new DefaultAzureCredentialBuilder().build(), Clock.systemUTC());
    }

    /**
     * @param credentials makes the Azure Identity credential (called once per database, without network access)
     * @param clock       the time source for expiry
     */
    public EntraCredentialFactory(Supplier<TokenCredential> credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public String method() {
        return "entra";
    }

    /**
     * @throws ConfigException naming {@code PGMCP_DATABASE_AUTH} when the database has no user
     */
    @Override
    public CredentialProvider create(CredentialTarget target) {
        if (target.user() == null) {
            throw new ConfigException("PGMCP_DATABASE_AUTH", "database '" + target.database() + "': method entra "
                    + "needs the PostgreSQL role of the Entra principal as the user, e.g. "
                    + "postgresql://my-identity@server.postgres.database.azure.com/db");
        }
        return new RefreshingToken("entra token for database '" + target.database() + "'",
                new EntraTokenSource(credentials.get()), Duration.ofMinutes(REFRESH_BEFORE_MINUTES), clock);
    }
}
