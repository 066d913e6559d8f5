package dev.pgmcp.audit;

import java.util.regex.Pattern;

/**
 * Masks secrets that may appear inside text pgmcp logs: the password of a URL's user information
 * ({@code postgresql://user:secret@host} becomes {@code postgresql://user:***@host}) and the value of
 * a {@code password=} key (libpq connection strings, JDBC URL parameters), e.g. in a {@code dblink}
 * call a client tried. pgmcp never puts its own connection URL in an event; this is the second belt.
 */
public final class Redaction {

    // Anchored right after "://" (a lookbehind), so a long run of letters costs linear time, not quadratic.
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?<=://)([^\\s/@:'\"]*):[^\\s@/'\"]*@");
    private static final Pattern KEY_PASSWORD =
            Pattern.compile("(?i)(\\bpassword\\s*=\\s*)('[^']*'|\"[^\"]*\"|[^\\s&;'\"]+)");

    private Redaction() {
    }

    /**
     * @param text any text, may be {@code null}
     * @return the text with URL passwords and {@code password=} values replaced by {@code ***}
     */
    public static String redact(String text) {
        if (text == null) {
            return text;
        }
        String s = URL_PASSWORD.matcher(text).replaceAll("$1:***@");
        return KEY_PASSWORD.matcher(s).replaceAll("$1***");
    }
}
