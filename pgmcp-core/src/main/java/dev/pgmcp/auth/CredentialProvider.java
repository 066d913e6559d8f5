package dev.pgmcp.auth;

/**
 * Supplies the password (or access token used as a password) for one new connection to a
 * database. pgmcp asks once per physical connection the pool opens, never per query, so a provider
 * may return a different value each time: a rotated secret, or a fresh cloud token.
 *
 * <p>Implementations are thread-safe (pools open connections concurrently), fast when they cache
 * (see {@link RefreshingToken}), and never log the value they return. Host applications may pass
 * their own through {@code PgMcpConfig.Builder#credentials}; methods selected by name
 * ({@code PGMCP_DATABASE_AUTH}) come from a {@link CredentialProviderFactory}.
 */
@FunctionalInterface
public interface CredentialProvider {

    /**
     * @return the password or token for a connection being opened now, or {@code null} to send none
     * @throws Exception when no credential can be had (the connection attempt then fails with a
     *                   {@link CredentialException} naming the method and database; the exception's
     *                   message reaches the client, so it must not contain a secret)
     */
    String password() throws Exception;
}
