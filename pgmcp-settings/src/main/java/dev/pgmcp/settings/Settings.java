package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The settings in force, read once, with typed accessors: the one place pgmcp reads settings from.
 *
 * <p>{@link #load(Map)} merges, lowest precedence first: the plain keys of the properties file
 * {@code PGMCP_CONFIG_FILE}, the keys of its profile {@code PGMCP_PROFILE}, and the environment (see
 * {@link Setting#CONFIG_FILE} for the file's form). Keys are the environment variables of
 * {@link Setting}, e.g. {@code PGMCP_MAX_ROWS}. A value that is blank counts as unset; values are
 * trimmed.
 *
 * <p>Every accessor that parses throws a {@link ConfigException} naming the key and saying what is
 * accepted; an unset key gives an empty result, so the caller's default stays. {@link CoreSettings}
 * maps these settings onto {@code PgMcpConfig.Builder}; the HTTP transport and the BI tools read
 * theirs through the same accessors. Immutable and thread-safe.
 */
public final class Settings {

    private final Map<String, String> values;
    private final Map<String, Settings> otherProfiles;

    private Settings(Map<String, String> values, Map<String, Settings> otherProfiles) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.otherProfiles = Collections.unmodifiableMap(new LinkedHashMap<>(otherProfiles));
    }

    /**
     * Reads the settings in force: the environment over the selected profile of {@code PGMCP_CONFIG_FILE}
     * over the file's plain keys.
     *
     * @param env the process environment, usually {@code System.getenv()} (a launcher may add its
     *            command-line options to a copy, as the variables they stand for)
     * @return the merged settings, and every other profile of the file merged likewise ({@link #otherProfiles()})
     * @throws ConfigException naming {@code PGMCP_CONFIG_FILE} when the file cannot be read or has a key that
     *                         is no setting, and {@code PGMCP_PROFILE} when the profile is not defined or
     *                         set without a file
     */
    public static Settings load(Map<String, String> env) {
        SettingsFile.Selection selection = SettingsFile.select(env);
        Map<String, Settings> others = new LinkedHashMap<>();
        selection.others().forEach((name, merged) -> others.put(name, new Settings(withoutNulls(merged), Map.of())));
        return new Settings(withoutNulls(selection.settings()), others);
    }

    /**
     * @param values settings by variable, taken as they are: no file, no profile
     * @return a view of exactly these values (e.g. a host application's own map, or a test's)
     */
    public static Settings of(Map<String, String> values) {
        return new Settings(withoutNulls(values), Map.of());
    }

    private static Map<String, String> withoutNulls(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * @return every profile of {@code PGMCP_CONFIG_FILE} other than the selected one, by name, each
     *         merged as the selected one is (file, profile, environment); empty without a file
     */
    public Map<String, Settings> otherProfiles() {
        return otherProfiles;
    }

    /**
     * @param key a variable, e.g. {@code PGMCP_AUDIT_LOG} or {@code PGMCP_DATABASE_MAIN_URL}
     * @return the value, trimmed, or {@code null} when it is unset or blank
     */
    public String string(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * @param key      a variable
     * @param fallback the value when it is unset or blank
     * @return the value, trimmed, or {@code fallback}
     */
    public String string(String key, String fallback) {
        String v = string(key);
        return v == null ? fallback : v;
    }

    /** @return whether {@code key} has a value that is not blank */
    public boolean isSet(String key) {
        return string(key) != null;
    }

    /**
     * A whole number in a range; {@code _} may group digits ({@code 5_000}).
     *
     * @param key a variable
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @return the number, or empty when unset
     * @throws ConfigException naming {@code key} when the value is not a whole number or outside {@code min..max}
     */
    public OptionalLong integer(String key, long min, long max) {
        String v = string(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + v + "' is not a whole number (allowed " + min + ".." + max + ")");
        }
        if (n < min || n > max) {
            throw new ConfigException(key, "is " + n + "; allowed range is " + min + ".." + max);
        }
        return OptionalLong.of(n);
    }

    /**
     * A whole number with no range of its own (for a builder that checks the range).
     *
     * @param key a variable
     * @return the number, or empty when unset
     * @throws ConfigException naming {@code key} when the value is not a whole number
     */
    public OptionalLong integer(String key) {
        String v = string(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.replace("_", "")));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + v + "' is not a whole number");
        }
    }

    /**
     * A duration given in milliseconds.
     *
     * @param key a variable whose value is a number of milliseconds, e.g. {@code PGMCP_STATEMENT_TIMEOUT_MS}
     * @param min the fewest milliseconds accepted
     * @param max the most milliseconds accepted
     * @return the duration, or empty when unset
     * @throws ConfigException naming {@code key} as {@link #integer(String, long, long)} does
     */
    public Optional<Duration> millis(String key, long min, long max) {
        OptionalLong n = integer(key, min, max);
        return n.isPresent() ? Optional.of(Duration.ofMillis(n.getAsLong())) : Optional.empty();
    }

    /**
     * A duration given in seconds.
     *
     * @param key a variable whose value is a number of seconds, e.g. {@code PGMCP_SCHEMA_CACHE_TTL_SECONDS}
     * @param min the fewest seconds accepted
     * @param max the most seconds accepted
     * @return the duration, or empty when unset
     * @throws ConfigException naming {@code key} as {@link #integer(String, long, long)} does
     */
    public Optional<Duration> seconds(String key, long min, long max) {
        OptionalLong n = integer(key, min, max);
        return n.isPresent() ? Optional.of(Duration.ofSeconds(n.getAsLong())) : Optional.empty();
    }

    /**
     * @param key a variable whose value is {@code true} or {@code false} (any case)
     * @return the value, or empty when unset
     * @throws ConfigException naming {@code key} for any other value
     */
    public Optional<Boolean> bool(String key) {
        String v = string(key);
        if (v == null) {
            return Optional.empty();
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new ConfigException(key, "'" + v + "' is not true or false");
        };
    }

    /**
     * @param key  a variable whose value names a constant of {@code type} (any case)
     * @param type the enum, e.g. {@code HttpSettings.Mode}
     * @param <E>  the enum type
     * @return the constant, or empty when unset
     * @throws ConfigException naming {@code key} and listing the constants (lower case) for any other value
     */
    public <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
        String v = string(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, v.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "'" + v + "' must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    /**
     * @param key a variable holding a comma-separated list, e.g. {@code PGMCP_ALLOWED_SCHEMAS}
     * @return the entries, trimmed, blank ones left out, in order; empty when unset
     */
    public List<String> list(String key) {
        String v = string(key);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /**
     * @param key a variable holding a file path, e.g. {@code PGMCP_DATABASE_PASSWORD_FILE}
     * @return the path (not checked to exist: the builder that uses it does), or empty when unset
     */
    public Optional<Path> path(String key) {
        String v = string(key);
        return v == null ? Optional.empty() : Optional.of(Path.of(v));
    }

    /**
     * @return every key with a value, as given (untrimmed; blank values included), e.g. for a host
     *         application's own settings
     */
    public Map<String, String> asMap() {
        return values;
    }

    /** @return the keys that are set, never the values (they may be secrets) */
    @Override
    public String toString() {
        return "Settings" + values.keySet().stream().filter(this::isSet).sorted().toList()
                + (otherProfiles.isEmpty() ? "" : ", other profiles " + otherProfiles.keySet());
    }
}
