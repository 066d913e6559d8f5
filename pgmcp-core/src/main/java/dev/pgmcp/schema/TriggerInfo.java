package dev.pgmcp.schema;

import java.util.List;
import java.util.Objects;

/**
 * A trigger on a relation, from {@code pg_trigger} (user triggers only: {@code NOT tgisinternal}, so the
 * triggers PostgreSQL makes to enforce foreign keys are not reported; a partition's copies of its parent's
 * triggers are reported on the partition as PostgreSQL lists them).
 *
 * @param name            the trigger name ({@code tgname})
 * @param timing          {@code "BEFORE"}, {@code "AFTER"} or {@code "INSTEAD OF"} (from the bits of {@code tgtype})
 * @param events          the events that fire it, in the order {@code INSERT}, {@code UPDATE}, {@code DELETE},
 *                        {@code TRUNCATE} (from {@code tgtype}); never empty
 * @param level           {@code "ROW"} or {@code "STATEMENT"} (from {@code tgtype})
 * @param function        the trigger function as {@code schema.name}, unquoted ({@code tgfoid}, {@code pg_proc})
 * @param enabled         {@code "origin"} (enabled, the default), {@code "replica"}, {@code "always"} or
 *                        {@code "disabled"} ({@code tgenabled} {@code O}, {@code R}, {@code A}, {@code D})
 * @param definition      the {@code CREATE TRIGGER} statement, {@code pg_get_triggerdef(oid, true)}
 * @param comment         the trigger's comment ({@code obj_description(oid, 'pg_trigger')}), or null
 * @param functionComment the trigger function's comment ({@code obj_description(tgfoid, 'pg_proc')}), or null
 */
public record TriggerInfo(String name, String timing, List<String> events, String level, String function,
                          String enabled, String definition, String comment, String functionComment) {

    /**
     * Validates and copies: everything but the comments must be non-null.
     *
     * @param name the trigger name
     * @param timing BEFORE, AFTER or INSTEAD OF
     * @param events the firing events
     * @param level ROW or STATEMENT
     * @param function the function as {@code schema.name}
     * @param enabled origin, replica, always or disabled
     * @param definition the {@code CREATE TRIGGER} statement
     * @param comment the trigger's comment, or null
     * @param functionComment the function's comment, or null
     * @throws NullPointerException when a required argument is null
     */
    public TriggerInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timing, "timing");
        events = List.copyOf(events);
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(definition, "definition");
    }
}
