package dev.pgmcp.internal.pool;

import dev.pgmcp.auth.CredentialProvider;
import dev.pgmcp.auth.CredentialProviderFactory;
import dev.pgmcp.auth.CredentialTarget;
import dev.pgmcp.auth.PasswordFile;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.DatabaseConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Picks the {@link CredentialProvider} of a configured database: the host application's own, the
 * password file, the static password, or the {@link CredentialProviderFactory} whose method the
 * database names (found through {@link ServiceLoader}, so that a cloud module is loaded only when a
 * database uses it).
 */
public final class CredentialProviders {

    private CredentialProviders() {
    }

    /**
     * @param db     the database
     * @param loader where {@link ServiceLoader} looks for factories
     * @return the provider for every new connection to {@code db}; no network access happens here
     * @throws ConfigException naming {@code PGMCP_DATABASE_AUTH} when no factory offers the method,
     *                         with the module to add
     */
    public static CredentialProvider forDatabase(DatabaseConfig db, ClassLoader loader) {
        if (db.credentials() != null) {
            return db.credentials();
        }
        if (DatabaseConfig.AUTH_PASSWORD.equals(db.auth())) {
            if (db.passwordFile() != null) {
                return new PasswordFile(db.passwordFile());
            }
            String password = db.password();
            return () -> password;
        }
        List<String> offered = new ArrayList<>();
        for (CredentialProviderFactory f : ServiceLoader.load(CredentialProviderFactory.class, loader)) {
            if (f.method().equals(db.auth())) {
                return f.create(CredentialTarget.of(db.name(), db.jdbcUrl(), db.user()));
            }
            offered.add(f.method());
        }
        offered.add(DatabaseConfig.AUTH_PASSWORD);
        throw new ConfigException("PGMCP_DATABASE_AUTH", "database '" + db.name() + "' uses method '" + db.auth()
                + "', which no module on the class path offers" + moduleHint(db.auth()) + "; available: "
                + String.join(", ", new TreeSet<>(offered)));
    }

    private static String moduleHint(String method) {
        return switch (method) {
            case "entra" -> " (add pgmcp-auth-azure)";
            case "rds_iam" -> " (add pgmcp-auth-aws)";
            default -> "";
        };
    }
}
