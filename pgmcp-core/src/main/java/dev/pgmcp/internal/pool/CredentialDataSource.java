package dev.pgmcp.internal.pool;

import dev.pgmcp.auth.CredentialException;
import dev.pgmcp.auth.CredentialProvider;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link DataSource} HikariCP opens every physical connection through: pgJDBC's driver with the
 * fixed connection properties plus the password a {@link CredentialProvider} gives for this very
 * connection (HikariCP calls {@link #getConnection()} once per new connection, so a rotated secret or
 * a refreshed token is used from the next connection on). A provider failure becomes a
 * {@link CredentialException} (SQLSTATE 08001) naming the method and the database.
 */
final class CredentialDataSource implements DataSource {

    private final Driver driver = new org.postgresql.Driver();
    private final String jdbcUrl;
    private final Properties properties;
    private final String database;
    private final String method;
    private final CredentialProvider credentials;
    private volatile int loginTimeoutSeconds;

    /**
     * @param jdbcUrl     the credential-free URL
     * @param properties  pgJDBC properties for every connection (user included, never the password)
     * @param database    the alias, for error messages
     * @param method      the authentication method, for error messages
     * @param credentials asked for the password of each new connection
     */
    CredentialDataSource(String jdbcUrl, Properties properties, String database, String method,
                         CredentialProvider credentials) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.database = database;
        this.method = method;
        this.credentials = credentials;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        String password;
        try {
            password = credentials.password();
        } catch (Exception e) {
            throw new CredentialException(method, database, e);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        Connection c = driver.connect(jdbcUrl, p);
        if (c == null) {
            throw new SQLException("pgJDBC does not accept the URL of database '" + database + "'", "08001");
        }
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the database's credential provider");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // pgJDBC logs through java.util.logging; nothing to set.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
