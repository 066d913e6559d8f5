package dev.pgmcp.settings;

import dev.pgmcp.config.PgMcpConfig;

import java.util.Map;

/** The tests' one way from an environment to a configuration: the path the launcher takes. */
final class TestSettings {

    private TestSettings() {
    }

    /** @return {@code env} read as the process environment (file and profiles included) and built */
    static PgMcpConfig config(Map<String, String> env) {
        return CoreSettings.config(Settings.load(env));
    }
}
