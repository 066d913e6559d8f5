package dev.pgmcp.auth;

/**
 * Creates the {@link CredentialProvider} of one authentication method, found by
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.pgmcp.auth.CredentialProviderFactory})
 * and selected by {@link #method()} matching {@code PGMCP_DATABASE_AUTH}. This is how optional
 * modules ({@code pgmcp-auth-azure}: {@code entra}; {@code pgmcp-auth-aws}: {@code rds_iam}) plug in
 * without pgmcp-core referring to any cloud library: their libraries are loaded only when a database
 * is configured with their method.
 *
 * <p>Implementations have a public no-argument constructor.
 */
public interface CredentialProviderFactory {

    /** @return the method name, {@code [a-z][a-z0-9_]*}, e.g. {@code entra} */
    String method();

    /**
     * Creates the provider for one database; must not contact any network service (pgmcp calls this
     * at start-up, also for databases that are down).
     *
     * @param target the database the credentials are for
     * @return the provider, used for every new connection to that database
     * @throws dev.pgmcp.config.ConfigException when the target cannot use this method (say, no user)
     */
    CredentialProvider create(CredentialTarget target);
}
