package dev.pgmcp.config;

import java.util.Locale;

/**
 * libpq's {@code sslmode} values, which pgJDBC accepts under the same names
 * (PostgreSQL documentation, "SSL Support" / libpq "sslmode").
 */
public enum SslMode {
    DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

    /** @return the libpq/pgJDBC spelling, e.g. {@code verify-full} */
    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param setting the setting being read, for the error message
     * @param text    a libpq spelling such as {@code require}
     * @throws ConfigException when {@code text} is not one of the six modes
     */
    public static SslMode parse(String setting, String text) {
        for (SslMode m : values()) {
            if (m.value().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new ConfigException(setting, "unknown sslmode '" + text
                + "'; use disable, allow, prefer, require, verify-ca or verify-full");
    }
}
