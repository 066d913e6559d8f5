package dev.pgmcp.auth;

import java.sql.SQLException;

/**
 * A credential provider could not supply a password or token for a new connection. SQLSTATE
 * {@code 08001} (the client could not establish the connection), so that pgmcp reports the database
 * as unavailable and retries on the next call. The message names the method and the database and
 * carries the provider's reason, never a secret.
 */
public final class CredentialException extends SQLException {

    /**
     * @param method   the authentication method, e.g. {@code entra}
     * @param database the database alias
     * @param cause    what the provider threw
     */
    public CredentialException(String method, String database, Throwable cause) {
        super("credential method '" + method + "' could not supply a password for database '" + database + "': "
                + reason(cause), "08001", cause);
    }

    private static String reason(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
