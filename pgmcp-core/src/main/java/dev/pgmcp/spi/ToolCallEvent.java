package dev.pgmcp.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One tool call, as {@link QueryListener#toolCallStarted} and {@link QueryListener#toolCallEnded}
 * receive it. The start event has no outcome yet ({@code outcome == null}, {@code durationMillis == -1});
 * the end event repeats the start's fields and adds how it ended.
 *
 * @param tool           the tool's name
 * @param database       the database alias the call asked for (the default one when it named none); it
 *                       may be an alias that does not exist, when that is why the call failed
 * @param principal      who called (never a token: see {@link Principal})
 * @param startedAt      when the engine received the call (UTC instant)
 * @param durationMillis wall time from start to end in milliseconds, or {@code -1} on the start event
 * @param outcome        how it ended, {@code null} on the start event
 * @param errorMessage   a one-line summary of the error result the client got (at most 300 characters),
 *                       or {@code null} when the outcome is {@link Outcome#OK} or on the start event
 * @param trace          the request's W3C trace context, or {@code null}
 * @param role           the database role the call's statements ran as (per-person roles: the role mapped
 *                       to the principal), or {@code null} for the role pgmcp logs in as (and on the start
 *                       event, which comes before the role is known)
 */
public record ToolCallEvent(String tool, String database, Principal principal, Instant startedAt,
                            long durationMillis, Outcome outcome, String errorMessage, TraceContext trace,
                            String role) {

    public ToolCallEvent {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** An event of a call as the login role. */
    public ToolCallEvent(String tool, String database, Principal principal, Instant startedAt,
                         long durationMillis, Outcome outcome, String errorMessage, TraceContext trace) {
        this(tool, database, principal, startedAt, durationMillis, outcome, errorMessage, trace, null);
    }

    /** @return the start event of a call without trace context */
    public static ToolCallEvent started(String tool, String database, Principal principal) {
        return started(tool, database, principal, null);
    }

    /** @return the start event of a call; {@code trace} may be {@code null} */
    public static ToolCallEvent started(String tool, String database, Principal principal, TraceContext trace) {
        return new ToolCallEvent(tool, database, principal, Instant.now(), -1, null, null, trace);
    }

    /** @return the end event of the call this start event began */
    public ToolCallEvent ended(long durationMillis, Outcome outcome, String errorMessage) {
        return new ToolCallEvent(tool, database, principal, startedAt, durationMillis,
                Objects.requireNonNull(outcome, "outcome"), errorMessage, trace, role);
    }

    /**
     * @param role the role the call runs as, or {@code null} for the login role
     * @return this event with that role
     */
    public ToolCallEvent withRole(String role) {
        return new ToolCallEvent(tool, database, principal, startedAt, durationMillis, outcome, errorMessage, trace,
                role);
    }

    /** @return whether this is an end event */
    public boolean isEnd() {
        return outcome != null;
    }
}
