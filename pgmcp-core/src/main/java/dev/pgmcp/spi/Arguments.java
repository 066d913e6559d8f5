package dev.pgmcp.spi;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool call's arguments (the JSON object the client sent), with typed accessors that reject bad
 * values with a {@link ToolArgumentException} naming the argument.
 */
public final class Arguments {

    private final Map<String, Object> values;

    /** @param values the arguments as decoded JSON (maps, lists, strings, numbers, booleans), or {@code null} */
    public Arguments(Map<String, Object> values) {
        this.values = values == null ? Map.of() : Collections.unmodifiableMap(values);
    }

    /** @return every argument as decoded JSON */
    public Map<String, Object> asMap() {
        return values;
    }

    /** @return whether the argument is present and not JSON null */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    /**
     * @return the string argument, trimmed
     * @throws ToolArgumentException when it is missing, blank or not a string
     */
    public String requireString(String name) {
        return string(name).orElseThrow(() -> new ToolArgumentException(name + ": required"));
    }

    /**
     * @return the string argument, trimmed, if present and not blank
     * @throws ToolArgumentException when it is present but not a string
     */
    public Optional<String> string(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new ToolArgumentException(name + ": must be a string, got " + describe(v));
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    /**
     * @param fallback the value when the argument is absent
     * @param min      the smallest accepted value
     * @param max      the largest accepted value
     * @return the whole-number argument
     * @throws ToolArgumentException when it is not a whole number in {@code min..max}
     */
    public int integer(String name, int fallback, int min, int max) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            n = ((Number) v).longValue();
        } else if (v instanceof Number num && new BigDecimal(num.toString()).stripTrailingZeros().scale() <= 0) {
            n = num.longValue();
        } else if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) {
            n = Long.parseLong(s.trim()); // some clients send every argument as a string
        } else {
            throw new ToolArgumentException(name + ": must be a whole number, got " + describe(v));
        }
        if (n < min || n > max) {
            throw new ToolArgumentException(name + ": must be between " + min + " and " + max + ", got " + n);
        }
        return (int) n;
    }

    /**
     * @return the boolean argument, or {@code fallback} when absent
     * @throws ToolArgumentException when it is not a boolean
     */
    public boolean bool(String name, boolean fallback) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new ToolArgumentException(name + ": must be true or false, got " + describe(v));
    }

    /**
     * @return the array argument, or an empty list when absent
     * @throws ToolArgumentException when it is not an array, or when a string in it contains a NUL
     *                               character (U+0000), which no PostgreSQL text value can hold
     */
    public List<Object> list(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                // Refused here, as the caller's mistake: sent to the server, it fails as a protocol
                // error that looks like an outage.
                if (l.get(i) instanceof String s && s.indexOf('\0') >= 0) {
                    throw new ToolArgumentException(name + "[" + i + "]: contains a NUL character (U+0000) at position "
                            + (s.indexOf('\0') + 1) + ", which PostgreSQL text cannot hold; remove it (send binary data "
                            + "as hex and decode it in SQL: decode($1, 'hex'))");
                }
            }
            return Collections.unmodifiableList(l);
        }
        throw new ToolArgumentException(name + ": must be an array, got " + describe(v));
    }

    private static String describe(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return v.toString();
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return v.getClass().getSimpleName();
    }
}
