package dev.pgmcp.internal.tools.insight;

import dev.pgmcp.internal.tools.Render;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code get_locks_and_activity}: who blocks whom, and which sessions have been running or idle in a
 * transaction for long, from {@code pg_stat_activity}, {@code pg_blocking_pids()} and the ungranted
 * rows of {@code pg_locks}, in one query.
 *
 * <p>Input: {@code min_duration_ms} (default 60,000): how long a query must have been running, or a
 * session idle in its transaction, to be listed (blocked sessions and their blockers are listed
 * whatever their age). Structured content: {@code blocked} (sessions waiting for a lock another
 * session holds: {@code pid}, {@code blocked_by} (the blocking PIDs), {@code waiting_ms},
 * {@code lock_mode} and {@code relation} of the lock waited for, ...), {@code blockers} (the sessions
 * holding those locks, with {@code blocks}: how many sessions wait for them), {@code long_running}
 * (active queries), {@code idle_in_transaction}; every session with {@code pid}, {@code role},
 * {@code application_name}, {@code client}, {@code state}, {@code transaction_ms}, {@code query_ms},
 * {@code state_ms} (milliseconds since the transaction began, the query began, the state last
 * changed), {@code query} (its first 500 characters), and {@code own_pgmcp}: whether it is one of
 * this pgmcp's own connections (same login role and {@code application_name}, up to a {@code :} that per-person
 * roles add: {@code pgmcp:NAME}). The session this call runs
 * on is never listed. {@code notes} says what the role could not see: the query and state of other
 * roles' sessions need {@code pg_read_all_stats} (part of {@code pg_monitor}).
 *
 * <p>{@code pg_stat_activity}'s state and query come from one snapshot, taken when the transaction
 * first reads it; its {@code wait_event_type} is read live as each row is produced, and
 * {@code pg_blocking_pids()} and {@code pg_locks} live again later. A session that starts waiting in
 * between would show up blocked with its previous query and state, so a session counts as blocked
 * (and its blockers as blocking) only when all three agree: state {@code active}, waiting for a
 * {@code Lock}, and blocked by some PID. One that began waiting a moment ago shows on the next call.
 */
public final class LocksAndActivityTool implements Tool {

    /** How many sessions each list shows at most. */
    static final int LISTED = 50;

    /**
     * {@code w} asks {@code pg_blocking_pids()} once per session that waits (referenced twice, the CTE is
     * computed once); each session's {@code blocks} counts the waiting sessions, of any backend type,
     * whose blocking PIDs name it.
     */
    private static final String SQL = """
            WITH w AS (
              SELECT a.*, CASE WHEN a.state = 'active' AND a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid)
                               ELSE '{}'::int[] END AS waits_for
              FROM pg_stat_activity a)
            SELECT * FROM (
              SELECT a.pid, a.usename::text AS role, a.application_name, a.client_addr::text AS client, a.state,
                     a.wait_event_type, a.wait_event,
                     (extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::int8 AS transaction_ms,
                     (extract(epoch FROM clock_timestamp() - a.query_start) * 1000)::int8 AS query_ms,
                     (extract(epoch FROM clock_timestamp() - a.state_change) * 1000)::int8 AS state_ms,
                     a.waits_for AS blocked_by,
                     b.blocks > 0 AS blocking,
                     b.blocks,
                     (SELECT l.mode FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted LIMIT 1) AS lock_mode,
                     (SELECT coalesce(l.relation::regclass::text, l.locktype) FROM pg_locks l
                       WHERE l.pid = a.pid AND NOT l.granted LIMIT 1) AS relation,
                     left(a.query, 500) AS query,
                     split_part(a.application_name, ':', 1) = split_part(current_setting('application_name'), ':', 1)
                       AND a.usename = session_user AS own_pgmcp,
                     a.query IS NULL OR a.query = '<insufficient privilege>' AS hidden
              FROM w a CROSS JOIN LATERAL (SELECT count(*) AS blocks FROM w o WHERE a.pid = ANY (o.waits_for)) b
              WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()) s
            ORDER BY transaction_ms DESC NULLS LAST, pid""";

    @Override
    public String name() {
        return "get_locks_and_activity";
    }

    @Override
    public String description() {
        return "Blocking chains (pg_blocking_pids: who waits for whom, on which lock), long-running queries and "
                + "sessions idle in transaction, with durations in ms; this server's own pgmcp connections are marked.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Locks and activity");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .optional("min_duration_ms", JsonSchemas.integer(null, 0, 86_400_000, 60_000))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        Map<String, Object> sessions = JsonSchemas.arrayOf(JsonSchemas.type("object"));
        return JsonSchemas.open()
                .property("blocked", sessions)
                .property("blockers", sessions)
                .property("long_running", sessions)
                .property("idle_in_transaction", sessions)
                .property("notes", JsonSchemas.arrayOf(JsonSchemas.type("string")))
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        Insight.requireNoRelationLists(context, name());
        long min = context.arguments().integer("min_duration_ms", 60_000, 0, 86_400_000);
        List<Map<String, Object>> rows = Insight.rows(context, SQL, List.of());
        List<Map<String, Object>> blocked = new ArrayList<>();
        List<Map<String, Object>> blockers = new ArrayList<>();
        List<Map<String, Object>> longRunning = new ArrayList<>();
        List<Map<String, Object>> idle = new ArrayList<>();
        int hidden = 0;
        for (Map<String, Object> r : rows) {
            boolean isHidden = Boolean.TRUE.equals(r.remove("hidden"));
            hidden += isHidden && !String.valueOf(r.get("application_name")).split(":", 2)[0].equals("pgmcp") ? 1 : 0;
            boolean isBlocked = r.get("blocked_by") instanceof List<?> l && !l.isEmpty();
            boolean isBlocking = Boolean.TRUE.equals(r.remove("blocking"));
            String state = r.get("state") == null ? "" : r.get("state").toString();
            if (isBlocked) {
                Map<String, Object> b = new LinkedHashMap<>(r);
                b.put("waiting_ms", r.get("state_ms"));
                b.remove("blocks");
                add(blocked, b);
            }
            if (!isBlocked) {
                r.remove("lock_mode");
                r.remove("relation");
            }
            if (isBlocking) {
                add(blockers, r);
            }
            if (!isBlocked && !isBlocking) {
                r.remove("blocks");
            }
            if (state.equals("active") && Insight.asLong(r.get("query_ms")) >= min && !isBlocked) {
                add(longRunning, r);
            }
            if (state.startsWith("idle in transaction") && Insight.asLong(r.get("state_ms")) >= min && !isBlocking) {
                add(idle, r);
            }
        }
        List<String> notes = new ArrayList<>();
        if (hidden > 0) {
            notes.add(hidden + " session(s) of other roles show no query or state: grant pg_monitor (or pg_read_all_stats) "
                    + "to the role pgmcp connects as to see them");
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("blocked", blocked);
        content.put("blockers", blockers);
        content.put("long_running", longRunning);
        content.put("idle_in_transaction", idle);
        content.put("notes", notes);
        StringBuilder text = new StringBuilder(ToolResult.UNTRUSTED_NOTICE).append('\n');
        text.append(blocked.size()).append(" blocked session(s), ").append(blockers.size()).append(" blocker(s), ")
                .append(longRunning.size()).append(" query(ies) running ").append(min).append(" ms or more, ")
                .append(idle.size()).append(" session(s) idle in transaction ").append(min).append(" ms or more\n");
        for (Map<String, Object> b : blocked) {
            text.append("pid ").append(b.get("pid")).append(" waits ").append(b.get("waiting_ms")).append(" ms for ")
                    .append(b.get("lock_mode")).append(" on ").append(b.get("relation")).append(", blocked by ")
                    .append(b.get("blocked_by")).append(": ").append(b.get("query")).append('\n');
        }
        for (String list : List.of("blockers", "long_running", "idle_in_transaction")) {
            for (Object o : (List<?>) content.get(list)) {
                text.append(list).append(": ").append(Render.json(o)).append('\n');
            }
        }
        notes.forEach(n -> text.append("note: ").append(n).append('\n'));
        return ToolResult.of(content, text.toString().strip());
    }

    private static void add(List<Map<String, Object>> list, Map<String, Object> session) {
        if (list.size() < LISTED) {
            list.add(session);
        }
    }
}
