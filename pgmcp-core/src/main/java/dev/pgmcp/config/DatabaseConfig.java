package dev.pgmcp.config;

import dev.pgmcp.auth.CredentialProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One PostgreSQL database pgmcp serves, under a short alias ({@code main} by default) that tools
 * take as their optional {@code database} argument. Immutable; {@link #toString()} never shows the
 * password.
 *
 * @param name              the alias, {@code [a-z][a-z0-9_]*}
 * @param jdbcUrl           a {@code jdbc:postgresql://} URL without credentials
 * @param user              the role to connect as, or {@code null} to let pgJDBC use its default
 * @param password          the password, or {@code null}
 * @param sslMode           the TLS mode, or {@code null} for pgJDBC's default ({@code prefer})
 * @param poolMinIdle       connections the pool keeps open when idle (HikariCP {@code minimumIdle})
 * @param poolMaxSize       the most connections the pool opens (HikariCP {@code maximumPoolSize})
 * @param connectionTimeout how long a caller waits for a connection from the pool, and how long
 *                          the driver waits to open one
 * @param auth              the authentication method: {@link #AUTH_PASSWORD} (the password, or
 *                          {@code passwordFile}), a method a {@link dev.pgmcp.auth.CredentialProviderFactory}
 *                          offers ({@code entra}, {@code rds_iam}), or {@link #AUTH_CUSTOM} when
 *                          {@code credentials} is set
 * @param passwordFile      a file holding the password, re-read when it changes, or {@code null}
 * @param credentials       a host application's own provider, or {@code null}
 */
public record DatabaseConfig(String name, String jdbcUrl, String user, String password, SslMode sslMode,
                             int poolMinIdle, int poolMaxSize, Duration connectionTimeout, String auth,
                             Path passwordFile, CredentialProvider credentials) {

    /** The method that sends the configured password (from the URL, the environment or a file). */
    public static final String AUTH_PASSWORD = "password";
    /** The method of a provider passed in by the host application. */
    public static final String AUTH_CUSTOM = "custom";

    /** The alias of the database tools use when no {@code database} argument is given. */
    public static final String DEFAULT_NAME = "main";

    public DatabaseConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        auth = auth == null ? (credentials != null ? AUTH_CUSTOM : AUTH_PASSWORD) : auth;
    }

    /** A database that authenticates with its password (or none). */
    public DatabaseConfig(String name, String jdbcUrl, String user, String password, SslMode sslMode,
                          int poolMinIdle, int poolMaxSize, Duration connectionTimeout) {
        this(name, jdbcUrl, user, password, sslMode, poolMinIdle, poolMaxSize, connectionTimeout, AUTH_PASSWORD,
                null, null);
    }

    /** @return the password, if one is configured */
    public Optional<String> passwordValue() {
        return Optional.ofNullable(password);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[name=" + name + ", url=" + jdbcUrl + ", user=" + user
                + ", password=" + (password == null ? "none" : "****") + ", sslMode="
                + (sslMode == null ? "default" : sslMode.value()) + ", pool=" + poolMinIdle + ".." + poolMaxSize
                + ", connectionTimeout=" + connectionTimeout.toMillis() + "ms, auth=" + auth
                + (passwordFile == null ? "" : ", passwordFile=" + passwordFile) + "]";
    }
}
