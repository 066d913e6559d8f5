package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration file ({@code PGMCP_CONFIG_FILE}) and its profiles ({@code PGMCP_PROFILE}).
 *
 * <p>The file is a Java properties file (UTF-8) whose keys are the environment variables of
 * {@link Setting}; a key {@code profile.NAME.KEY} belongs to profile {@code NAME}:
 * <pre>
 * PGMCP_DATABASE_URL=postgresql://localhost/app
 * PGMCP_POOL_MAX_SIZE=5
 * profile.azure_prod.PGMCP_DATABASE_URL=postgresql://mcp_reader@prod.postgres.database.azure.com/app
 * profile.azure_prod.PGSSLMODE=verify-full
 * profile.azure_prod.PGMCP_DATABASE_AUTH=entra
 * </pre>
 * Precedence, lowest first: built-in defaults, the file's plain keys, the selected profile's keys,
 * environment variables.
 */
final class SettingsFile {

    /** Per-database variables of {@code PGMCP_DATABASES}, e.g. {@code PGMCP_DATABASE_ANALYTICS_URL}. */
    private static final Pattern PER_DATABASE = Pattern.compile(
            "PGMCP_DATABASE_[A-Z][A-Z0-9_]*_(URL|USER|PASSWORD|PASSWORD_FILE|AUTH|SSLMODE)");
    private static final Pattern PROFILE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /**
     * @param settings the effective settings of the selected profile (or of no profile)
     * @param others   every other profile of the file, by name, with its effective settings
     */
    record Selection(Map<String, String> settings, Map<String, Map<String, String>> others) {
    }

    private SettingsFile() {
    }

    /**
     * @param env the process environment
     * @return the settings to read, the file and the selected profile merged under {@code env}
     * @throws ConfigException naming {@code PGMCP_CONFIG_FILE} when the file cannot be read or has an
     *                         unknown key, and {@code PGMCP_PROFILE} when the profile is not defined
     */
    static Selection select(Map<String, String> env) {
        String file = blankToNull(env.get(Setting.CONFIG_FILE.env()));
        String profile = blankToNull(env.get(Setting.PROFILE.env()));
        if (file == null) {
            if (profile != null) {
                throw new ConfigException(Setting.PROFILE.env(), "profile '" + profile + "' needs "
                        + Setting.CONFIG_FILE.env() + ", a file with profile." + profile + ".KEY=value entries");
            }
            return new Selection(env, Map.of());
        }
        Map<String, String> base = new LinkedHashMap<>();
        Map<String, Map<String, String>> profiles = new TreeMap<>();
        for (Map.Entry<String, String> e : read(Path.of(file)).entrySet()) {
            String key = e.getKey();
            if (key.startsWith("profile.")) {
                int dot = key.indexOf('.', "profile.".length());
                String name = dot < 0 ? "" : key.substring("profile.".length(), dot);
                if (!PROFILE_NAME.matcher(name).matches()) {
                    throw new ConfigException(Setting.CONFIG_FILE.env(), "key '" + key + "': profile names are lower "
                            + "case letters, digits and _ (profile.NAME.KEY=value)");
                }
                String setting = key.substring(dot + 1);
                checkKey(setting, key);
                profiles.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(setting, e.getValue());
            } else {
                checkKey(key, key);
                base.put(key, e.getValue());
            }
        }
        if (profile != null && !profiles.containsKey(profile)) {
            throw new ConfigException(Setting.PROFILE.env(), "'" + profile + "' is not defined in " + file
                    + (profiles.isEmpty() ? " (it defines no profile)" : "; defined: " + String.join(", ", profiles.keySet())));
        }
        Map<String, Map<String, String>> others = new LinkedHashMap<>();
        Map<String, String> selected = merge(base, profile == null ? Map.of() : profiles.get(profile), env);
        profiles.forEach((name, entries) -> {
            if (!name.equals(profile)) {
                others.put(name, merge(base, entries, env));
            }
        });
        return new Selection(selected, others);
    }

    private static Map<String, String> merge(Map<String, String> base, Map<String, String> profile, Map<String, String> env) {
        Map<String, String> m = new HashMap<>(base);
        m.putAll(profile);
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(Setting.CONFIG_FILE.env(), "cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
        return m;
    }

    /** Rejects keys that are no setting, so that a typo does not silently leave a default in place. */
    private static void checkKey(String setting, String key) {
        if (setting.equals(Setting.CONFIG_FILE.env()) || setting.equals(Setting.PROFILE.env())) {
            throw new ConfigException(Setting.CONFIG_FILE.env(), "key '" + key + "' can only be set in the environment");
        }
        if (setting.equals("DATABASE_URL") || PER_DATABASE.matcher(setting).matches()) {
            return;
        }
        for (Setting s : Setting.values()) {
            if (s.env().equals(setting)) {
                return;
            }
        }
        throw new ConfigException(Setting.CONFIG_FILE.env(), "unknown key '" + key + "' (keys are the variables of the "
                + "settings reference, docs/configuration.md, or profile.NAME.VARIABLE)");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
