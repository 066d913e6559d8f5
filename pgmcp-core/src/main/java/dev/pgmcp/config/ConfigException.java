package dev.pgmcp.config;

/**
 * A configuration value is missing or invalid. The message always names the setting (by its name in
 * the settings reference, docs/configuration.md, e.g. {@code PGMCP_MAX_ROWS}, whether it came from a
 * builder method or was read by pgmcp-settings) and the accepted values, and never contains a password.
 * Thrown at start-up, before any connection is opened.
 */
public final class ConfigException extends RuntimeException {

    private final String setting;

    /**
     * @param setting the setting's name as the user wrote it, e.g. {@code PGMCP_MAX_ROWS}
     * @param message what is wrong and what is accepted
     */
    public ConfigException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    /** @return the setting's name, e.g. {@code PGMCP_MAX_ROWS} or {@code PGPORT} */
    public String setting() {
        return setting;
    }
}
