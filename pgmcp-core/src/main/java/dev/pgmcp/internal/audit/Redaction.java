package dev.pgmcp.internal.audit;

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
        // Most texts hold neither; a plain scan is far cheaper than running both patterns.
        String s = text.contains("://") ? URL_PASSWORD.matcher(text).replaceAll("$1:***@") : text;
        return mentionsPassword(s) ? KEY_PASSWORD.matcher(s).replaceAll("$1***") : s;
    }

    /** @return whether "password" occurs in any ASCII case (a superset of what KEY_PASSWORD can match) */
    private static boolean mentionsPassword(String s) {
        if (s.indexOf('=') < 0) {
            return false; // KEY_PASSWORD needs one
        }
        for (int i = 0; i + 8 <= s.length(); i++) {
            if (s.regionMatches(true, i, "password", 0, 8)) {
                return true;
            }
        }
        return false;
    }
}
