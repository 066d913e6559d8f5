package dev.pgmcp.bi;

import dev.pgmcp.spi.Arguments;
import dev.pgmcp.spi.ToolArgumentException;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/** Argument readers the SPI's {@link Arguments} does not have: decimal amounts and priorities. */
final class BiArguments {

    /** The canonical priorities, highest first. */
    static final String[] PRIORITIES = {"High", "Medium", "Low"};

    /** The longest search text accepted, in characters. */
    static final int MAX_TEXT = 200;

    private BiArguments() {
    }

    /**
     * @return a number argument (a JSON number, or a string holding one, as some clients send), or
     *         {@code fallback} when absent
     * @throws ToolArgumentException when it is not a number, or below {@code min}, or above {@code max}
     */
    static BigDecimal amount(Arguments args, String name, BigDecimal fallback, BigDecimal min, BigDecimal max) {
        Object v = args.asMap().get(name);
        if (v == null) {
            return fallback;
        }
        BigDecimal d;
        try {
            if (v instanceof Number n && !(v instanceof Double dv && (dv.isNaN() || dv.isInfinite()))) {
                d = new BigDecimal(n.toString());
            } else if (v instanceof String s && !s.isBlank()) {
                d = new BigDecimal(s.trim());
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new ToolArgumentException(name + ": must be a number, got " + (v instanceof String ? "'" + v + "'" : v));
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ToolArgumentException(name + ": must be between " + min.toPlainString() + " and "
                    + max.toPlainString() + ", got " + d.toPlainString());
        }
        return d;
    }

    /**
     * @return the priority argument as {@code High}, {@code Medium} or {@code Low} (any letter case
     *         accepted), or empty when absent
     * @throws ToolArgumentException for any other value
     */
    static Optional<String> priority(Arguments args, String name) {
        Optional<String> raw = args.string(name);
        if (raw.isEmpty()) {
            if (args.has(name)) {
                throw new ToolArgumentException(name + ": must be High, Medium or Low, got an empty string");
            }
            return raw;
        }
        for (String p : PRIORITIES) {
            if (p.toLowerCase(Locale.ROOT).equals(raw.get().toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        throw new ToolArgumentException(name + ": must be High, Medium or Low, got '" + abbreviate(raw.get()) + "'");
    }

    /**
     * @return a required text argument, trimmed, at most {@link #MAX_TEXT} characters
     * @throws ToolArgumentException when it is missing, empty or too long
     */
    static String text(Arguments args, String name) {
        String s = args.string(name).orElseThrow(() -> new ToolArgumentException(
                name + ": required, and must not be empty"));
        if (s.length() > MAX_TEXT) {
            throw new ToolArgumentException(name + ": at most " + MAX_TEXT + " characters, got " + s.length());
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
