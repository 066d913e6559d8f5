package dev.pgmcp.internal.sql;

import java.util.Map;

/** Lets tests in other packages reuse {@link DenyPositions}' templates. */
public final class DenyPositionsAccess {

    private DenyPositionsAccess() {
    }

    /** @return position name → query template with a {@code %s} where a call goes */
    public static Map<String, String> templates() {
        return DenyPositions.TEMPLATES;
    }
}
