package dev.pgmcp.auth;

/**
 * The database a {@link CredentialProvider} is created for.
 *
 * @param database the pgmcp alias, e.g. {@code main}
 * @param host     the first host of the connection URL, e.g. {@code mydb.abc.eu-west-1.rds.amazonaws.com}
 * @param port     its port (5432 when the URL gives none)
 * @param user     the role to connect as, or {@code null} when none is configured
 */
public record CredentialTarget(String database, String host, int port, String user) {

    /**
     * @param database the alias
     * @param jdbcUrl  a {@code jdbc:postgresql://host[:port][,...]/db} URL
     * @param user     the role, or {@code null}
     * @return the target naming the URL's first host and port
     */
    public static CredentialTarget of(String database, String jdbcUrl, String user) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int end = rest.length();
        for (char c : new char[]{'/', '?', ','}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String hostPort = rest.substring(0, end);
        String host = hostPort;
        int port = 5432;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, colon);
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new CredentialTarget(database, host.isEmpty() ? "localhost" : host, port, user);
    }
}
