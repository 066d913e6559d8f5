package dev.pgmcp.config;

import java.util.Locale;

/**
 * How strictly caller SQL is checked before it runs ({@code PGMCP_VALIDATION}).
 *
 * <p>Both modes keep the parser layer (exactly one statement of an allowed kind, no data-modifying
 * CTE, SELECT INTO or locking clause), the explicit function denylist and the relation policy, and
 * every statement still runs in a READ ONLY transaction that is rolled back.
 */
public enum ValidationMode {
    /**
     * The default: additionally rejects calls to VOLATILE functions that are not allowlisted and to
     * functions the database does not know ({@code pg_proc}).
     */
    STRICT,
    /**
     * For a role verified read-only: the volatility and unknown-function checks are off, so any
     * function the role may execute and that is not on the denylist can be called.
     */
    ROLE;

    /** @return the setting's spelling, e.g. {@code strict} */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param setting the setting being read, for the error message
     * @param text    {@code strict} or {@code role}, any case
     * @throws ConfigException for anything else
     */
    public static ValidationMode parse(String setting, String text) {
        for (ValidationMode m : values()) {
            if (m.value().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new ConfigException(setting, "unknown validation mode '" + text + "'; use strict or role");
    }
}
