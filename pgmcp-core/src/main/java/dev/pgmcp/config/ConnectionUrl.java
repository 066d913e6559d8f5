package dev.pgmcp.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A connection URL as users already write it, turned into what pgJDBC takes: a credential-free
 * {@code jdbc:postgresql://} URL plus user, password and TLS mode kept apart (so that the URL can be
 * logged).
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>libpq URIs (PostgreSQL documentation, libpq "Connection URIs"):
 *       {@code postgresql://user:pass@host:port/db?sslmode=require} and {@code postgres://...};
 *       percent-encoded user names such as Azure Single Server's {@code user%40server} are decoded
 *       to {@code user@server}; several hosts ({@code h1:5432,h2:5433}) are kept;</li>
 *   <li>JDBC URLs {@code jdbc:postgresql://host:port/db?user=...&password=...&sslmode=...}.</li>
 * </ul>
 *
 * @param jdbcUrl  a {@code jdbc:postgresql://} URL without user or password
 * @param user     the user, or {@code null}
 * @param password the password, or {@code null}
 * @param sslMode  the TLS mode from the URL, or {@code null}
 */
public record ConnectionUrl(String jdbcUrl, String user, String password, SslMode sslMode) {

    /** libpq URI parameters and the pgJDBC property each one becomes. */
    private static final Map<String, String> LIBPQ_TO_JDBC = Map.ofEntries(
            Map.entry("sslmode", "sslmode"),
            Map.entry("sslrootcert", "sslrootcert"),
            Map.entry("sslcert", "sslcert"),
            Map.entry("sslkey", "sslkey"),
            Map.entry("sslpassword", "sslpassword"),
            Map.entry("channel_binding", "channelBinding"),
            Map.entry("connect_timeout", "connectTimeout"),
            Map.entry("application_name", "ApplicationName"),
            Map.entry("options", "options"),
            Map.entry("target_session_attrs", "targetServerType"),
            Map.entry("gssencmode", "gssEncMode"),
            Map.entry("krbsrvname", "kerberosServerName"),
            Map.entry("user", "user"),
            Map.entry("password", "password"),
            Map.entry("dbname", "dbname"),
            Map.entry("host", "host"),
            Map.entry("port", "port"));

    @Override
    public String toString() {
        return "ConnectionUrl[" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
    }

    /**
     * Parses a connection URL.
     *
     * @param setting the setting it came from (for error messages), e.g. {@code PGMCP_DATABASE_URL}
     * @param url     a libpq or JDBC URL
     * @return the parsed URL
     * @throws ConfigException naming {@code setting} when the URL is not a PostgreSQL URL, has a
     *                         bad port or an unknown parameter; the message never shows the password
     */
    public static ConnectionUrl parse(String setting, String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException(setting, "is empty; give a URL such as postgresql://user:password@host:5432/db");
        }
        String u = url.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return parseJdbc(setting, u);
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return parseLibpq(setting, u);
        }
        throw new ConfigException(setting, "not a PostgreSQL URL (expected postgresql://..., postgres://... or jdbc:postgresql://...)");
    }

    private static ConnectionUrl parseLibpq(String setting, String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        // The last '@' separates credentials from hosts: a raw '@' in a password is tolerated.
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            if (colon >= 0) {
                user = decode(setting, credentials.substring(0, colon));
                password = decode(setting, credentials.substring(colon + 1));
            } else {
                user = decode(setting, credentials);
            }
        }
        String hosts = rest.isEmpty() ? "localhost" : rest;
        for (String hostPort : hosts.split(",")) {
            checkPort(setting, hostPort);
        }
        String database = decode(setting, path);
        Map<String, String> props = new LinkedHashMap<>();
        SslMode sslMode = null;
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(setting, eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(setting, pair.substring(eq + 1));
                String jdbcKey = LIBPQ_TO_JDBC.get(key);
                if (jdbcKey == null) {
                    throw new ConfigException(setting, "unknown connection parameter '" + key + "'; supported: "
                            + String.join(", ", new java.util.TreeSet<>(LIBPQ_TO_JDBC.keySet())));
                }
                switch (key) {
                    case "sslmode" -> sslMode = SslMode.parse(setting + " (sslmode)", value);
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "dbname" -> database = value;
                    case "host" -> hosts = value;
                    case "port" -> hosts = hosts.replaceAll(":\\d+$", "") + ":" + value;
                    default -> props.put(jdbcKey, value);
                }
            }
        }
        return new ConnectionUrl(jdbc(hosts, database, props), emptyToNull(user), emptyToNull(password), sslMode);
    }

    private static ConnectionUrl parseJdbc(String setting, String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String user = null;
        String password = null;
        SslMode sslMode = null;
        Map<String, String> props = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(setting, eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(setting, pair.substring(eq + 1));
                switch (key) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "sslmode" -> sslMode = SslMode.parse(setting + " (sslmode)", value);
                    default -> props.put(key, value);
                }
            }
        }
        String authority = base.substring("jdbc:postgresql:".length());
        if (authority.startsWith("//")) {
            String hosts = authority.substring(2);
            int slash = hosts.indexOf('/');
            hosts = slash < 0 ? hosts : hosts.substring(0, slash);
            for (String hostPort : hosts.split(",")) {
                if (!hostPort.isEmpty()) {
                    checkPort(setting, hostPort);
                }
            }
        }
        StringJoiner rest = new StringJoiner("&");
        props.forEach((k, v) -> rest.add(encode(k) + "=" + encode(v)));
        String jdbcUrl = rest.length() == 0 ? base : base + "?" + rest;
        return new ConnectionUrl(jdbcUrl, emptyToNull(user), emptyToNull(password), sslMode);
    }

    /**
     * A URL from libpq-style parts, as libpq builds one from {@code PGHOST}, {@code PGPORT} and
     * {@code PGDATABASE}: no credentials and no TLS mode of its own.
     *
     * @param hosts    {@code host:port[,host:port...]}, e.g. {@code db1:5432,db2:5432}
     * @param database the database name, or {@code null} or empty for the driver's default (the user name)
     * @return the URL
     */
    public static ConnectionUrl ofHosts(String hosts, String database) {
        return new ConnectionUrl(jdbc(hosts, database == null ? "" : database, new java.util.LinkedHashMap<>()),
                null, null, null);
    }

    /**
     * Builds a JDBC URL from libpq-style parts (used for {@code PGHOST}/{@code PGPORT}/... too).
     *
     * @param hosts    {@code host[:port][,host[:port]...]}
     * @param database the database name, or empty for the driver's default (the user name)
     * @param props    further pgJDBC properties
     */
    static String jdbc(String hosts, String database, Map<String, String> props) {
        StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(hosts).append('/');
        if (database != null) {
            sb.append(URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        StringJoiner rest = new StringJoiner("&");
        props.forEach((k, v) -> rest.add(encode(k) + "=" + encode(v)));
        if (rest.length() > 0) {
            sb.append('?').append(rest);
        }
        return sb.toString();
    }

    private static void checkPort(String setting, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.endsWith("]")) {
            return;
        }
        String port = hostPort.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(setting, "invalid port '" + port + "' (expected 1-65535)");
        }
    }

    private static String decode(String setting, String s) {
        try {
            // URLDecoder turns '+' into a space, which libpq does not: protect it.
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting, "invalid percent-encoding in the URL");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
