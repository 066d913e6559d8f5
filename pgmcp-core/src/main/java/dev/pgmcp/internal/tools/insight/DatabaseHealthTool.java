package dev.pgmcp.internal.tools.insight;

import dev.pgmcp.internal.tools.Render;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolArgumentException;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code get_database_health}: health checks of one database, each with a status, its figures, the
 * relations it is about, and a one-line remedy.
 *
 * <p>Input: {@code checks}, an optional array of check names (default: all). Structured content:
 * {@code status} (the worst of the checks that ran: {@code ok}, {@code warning}, {@code critical}),
 * and {@code checks}, one object per check with {@code check} (its name), {@code status} ({@code ok},
 * {@code warning}, {@code critical}, or {@code unavailable} when the role may not read what it needs
 * or the server cannot tell), {@code summary}, {@code remedy} (absent when ok), {@code figures} (an
 * object of named numbers and settings) and {@code items} (the indexes, tables, sequences, slots it is
 * about, at most {@value #ITEMS} each; {@code more_items} counts the rest).
 *
 * <p>Every check is one catalog query in its own READ ONLY, rolled-back transaction (a failing check
 * does not stop the others). The checks and the views they read:
 * <ul>
 *   <li>{@code invalid_indexes}: {@code pg_index.indisvalid} false (a failed or running
 *       {@code CREATE INDEX CONCURRENTLY});</li>
 *   <li>{@code duplicate_indexes}: indexes of one table with the same access method, columns, operator
 *       classes, collations, expressions and predicate ({@code pg_index});</li>
 *   <li>{@code unused_indexes}: {@code pg_stat_user_indexes.idx_scan = 0}, leaving out unique indexes
 *       and those backing a constraint; counted since {@code pg_stat_database.stats_reset}, on this
 *       server only;</li>
 *   <li>{@code bloated_indexes}: B-tree indexes of at least 1 MiB whose pages ({@code pg_class.relpages})
 *       are more than twice what their tuples need at their fillfactor, estimated from
 *       {@code pg_class.reltuples} and {@code pg_stats.avg_width} (an estimate, labelled so);</li>
 *   <li>{@code wraparound}: tables whose {@code age(relfrozenxid)} or {@code mxid_age(relminmxid)} is
 *       past {@code autovacuum_freeze_max_age} (or its multixact counterpart); critical beyond 1.5
 *       billion transactions (wraparound stops writes at about 2.1 billion);</li>
 *   <li>{@code vacuum_analyze}: tables whose dead rows or changes since the last analyze are past
 *       the autovacuum trigger ({@code pg_stat_user_tables}, the global {@code autovacuum_*} settings);</li>
 *   <li>{@code sequences}: sequences ({@code pg_sequences}) that used 75 % (warning) or 90 %
 *       (critical) of their range, bounded by the type of the column they feed when that is smaller;</li>
 *   <li>{@code cache_hit}: {@code pg_stat_database} blocks found in shared buffers, warning under 95 %
 *       once 10,000 blocks were asked for;</li>
 *   <li>{@code connections}: client backends ({@code pg_stat_activity}) against
 *       {@code max_connections} less {@code superuser_reserved_connections}, warning over 75 %,
 *       critical over 90 %;</li>
 *   <li>{@code invalid_constraints}: constraints added {@code NOT VALID} and never validated
 *       ({@code pg_constraint.convalidated});</li>
 *   <li>{@code replication}: replication slots ({@code pg_replication_slots}; an inactive one retains
 *       WAL), standbys ({@code pg_stat_replication}, lag in milliseconds, visible with
 *       {@code pg_read_all_stats}) and, on a standby, the replay delay.</li>
 * </ul>
 */
public final class DatabaseHealthTool implements Tool {

    /** How many items a check lists. */
    static final int ITEMS = 20;

    private static final String OK = "ok";
    private static final String WARNING = "warning";
    private static final String CRITICAL = "critical";
    private static final String UNAVAILABLE = "unavailable";

    private record Check(String name, String sql, BiFunction<ToolContext, List<Map<String, Object>>, Map<String, Object>> judge) {
    }

    private static final List<Check> CHECKS = List.of(
            new Check("invalid_indexes", """
                    SELECT n.nspname AS schema, c.relname AS index, t.relname AS "table",
                           pg_relation_size(c.oid)::int8 AS bytes, count(*) OVER () AS total
                    FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE NOT x.indisvalid AND %s
                    ORDER BY 1, 2 LIMIT %d""".formatted(Insight.USER_SCHEMA, ITEMS),
                    (ctx, rows) -> listed(rows, WARNING, "invalid index(es): not used by queries, still written on every change",
                            "DROP INDEX CONCURRENTLY each, then CREATE INDEX CONCURRENTLY again (or REINDEX INDEX "
                                    + "CONCURRENTLY); an index being built right now is invalid until it finishes")),
            new Check("duplicate_indexes", """
                    SELECT n.nspname AS schema, t.relname AS "table", array_agg(c.relname::text ORDER BY c.relname) AS indexes,
                           array_agg(pg_get_indexdef(c.oid) ORDER BY c.relname) AS definitions,
                           sum(pg_relation_size(c.oid))::int8 AS bytes, count(*) OVER () AS total
                    FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                    JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE x.indisvalid AND %s
                    GROUP BY n.nspname, t.relname, x.indrelid, c.relam, x.indkey::text, x.indclass::text,
                             x.indcollation::text, coalesce(pg_get_expr(x.indexprs, x.indrelid), ''),
                             coalesce(pg_get_expr(x.indpred, x.indrelid), '')
                    HAVING count(*) > 1
                    ORDER BY 1, 2 LIMIT %d""".formatted(Insight.USER_SCHEMA, ITEMS),
                    (ctx, rows) -> listed(rows, WARNING, "set(s) of indexes with the same definition on one table",
                            "keep one of each set (the one backing a constraint, if any) and DROP INDEX CONCURRENTLY the others")),
            new Check("unused_indexes", """
                    SELECT s.schemaname AS schema, s.relname AS "table", s.indexrelname AS index,
                           pg_relation_size(s.indexrelid)::int8 AS bytes, count(*) OVER () AS total,
                           (SELECT d.stats_reset::text FROM pg_stat_database d WHERE d.datname = current_database()) AS stats_reset
                    FROM pg_stat_user_indexes s JOIN pg_index x ON x.indexrelid = s.indexrelid
                    WHERE s.idx_scan = 0 AND NOT x.indisunique AND x.indisvalid
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = s.indexrelid)
                    ORDER BY 4 DESC, 1, 3 LIMIT %d""".formatted(ITEMS),
                    (ctx, rows) -> {
                        Object reset = rows.isEmpty() ? null : rows.get(0).get("stats_reset");
                        rows.forEach(r -> r.remove("stats_reset"));
                        Map<String, Object> m = listed(rows, WARNING, "index(es) never scanned since the statistics were reset"
                                        + (reset == null ? "" : " (" + reset + ")"),
                                "DROP INDEX CONCURRENTLY those no query needs; check standbys first (their scans are counted there)");
                        figures(m).put("stats_reset", reset);
                        return m;
                    }),
            new Check("bloated_indexes", """
                    WITH idx AS (
                      SELECT n.nspname AS schema, c.relname AS index, t.relname AS tab, c.oid, x.indrelid, x.indkey,
                             c.relpages::float8 AS pages, c.reltuples::float8 AS tuples,
                             coalesce((SELECT substring(o FROM 'fillfactor=([0-9]+)')::float8 FROM unnest(c.reloptions) o
                                       WHERE o LIKE 'fillfactor=%%' LIMIT 1), 90) AS fillfactor
                      FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                      JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam
                      WHERE a.amname = 'btree' AND x.indexprs IS NULL AND c.relpages >= 128 AND c.reltuples >= 0 AND %s
                    ), est AS (
                      SELECT i.*, ceil(i.tuples * (12 + ceil(w.width / 8.0) * 8)
                               / ((current_setting('block_size')::float8 - 40) * i.fillfactor / 100)) + 1 AS expected
                      FROM idx i CROSS JOIN LATERAL (
                        SELECT sum(CASE WHEN a.attlen > 0 THEN a.attlen ELSE coalesce(s.avg_width, 32) END)::float8 AS width
                        FROM unnest(i.indkey::int2[]) k(attnum)
                        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                        LEFT JOIN pg_stats s ON s.schemaname = i.schema AND s.tablename = i.tab AND s.attname = a.attname) w
                    )
                    SELECT schema, tab AS "table", index, (pages * current_setting('block_size')::int8)::int8 AS bytes,
                           ((pages - expected) * current_setting('block_size')::int8)::int8 AS estimated_bloat_bytes,
                           round((100 * (pages - expected) / pages)::numeric, 1)::float8 AS estimated_bloat_percent,
                           count(*) OVER () AS total
                    FROM est WHERE pages > 2 * expected AND pages - expected >= 64
                    ORDER BY 5 DESC LIMIT %d""".formatted(Insight.USER_SCHEMA, ITEMS),
                    (ctx, rows) -> listed(rows, WARNING, "B-tree index(es) estimated at more than twice the size their "
                                    + "rows need (estimate from pg_class and pg_stats)",
                            "REINDEX INDEX CONCURRENTLY each (needs about its size in free disk while it runs)")),
            new Check("wraparound", """
                    SELECT n.nspname AS schema, c.relname AS "table", age(c.relfrozenxid)::int8 AS xid_age,
                           mxid_age(c.relminmxid)::int8 AS multixact_age, count(*) OVER () AS total,
                           (SELECT age(d.datfrozenxid)::int8 FROM pg_database d WHERE d.datname = current_database()) AS database_xid_age,
                           current_setting('autovacuum_freeze_max_age')::int8 AS freeze_max_age
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'm', 't') AND c.relfrozenxid <> '0'::xid
                      AND (age(c.relfrozenxid) > current_setting('autovacuum_freeze_max_age')::int8
                           OR mxid_age(c.relminmxid) > current_setting('autovacuum_multixact_freeze_max_age')::int8)
                    UNION ALL
                    SELECT NULL, NULL, NULL, NULL, 0, (SELECT age(d.datfrozenxid)::int8 FROM pg_database d
                                                         WHERE d.datname = current_database()),
                           current_setting('autovacuum_freeze_max_age')::int8
                    ORDER BY 3 DESC NULLS LAST LIMIT %d""".formatted(ITEMS + 1),
                    (ctx, rows) -> {
                        Map<String, Object> last = rows.get(0); // every row carries the database figures
                        long databaseAge = Insight.asLong(last.get("database_xid_age"));
                        long freezeMax = Insight.asLong(last.get("freeze_max_age"));
                        List<Map<String, Object>> tables = new ArrayList<>();
                        for (Map<String, Object> r : rows) {
                            if (r.get("table") != null) {
                                r.remove("database_xid_age");
                                r.remove("freeze_max_age");
                                tables.add(r);
                            }
                        }
                        long oldest = tables.stream().mapToLong(r -> Insight.asLong(r.get("xid_age"))).max().orElse(0);
                        Map<String, Object> m = listed(tables, oldest > 1_500_000_000L ? CRITICAL : WARNING,
                                "table(s) past autovacuum_freeze_max_age, on their way to transaction-ID wraparound",
                                "VACUUM (FREEZE, VERBOSE) each; if autovacuum keeps failing, look for what holds the xmin "
                                        + "horizon back (long transactions, prepared transactions, replication slots)");
                        figures(m).put("database_xid_age", databaseAge);
                        figures(m).put("autovacuum_freeze_max_age", freezeMax);
                        figures(m).put("percent_towards_wraparound", Math.round(databaseAge * 1000.0 / 2_147_483_648L) / 10.0);
                        if (tables.isEmpty()) {
                            m.put("summary", "oldest unfrozen transaction ID of the database is " + databaseAge
                                    + " transactions old (autovacuum_freeze_max_age " + freezeMax + ")");
                        }
                        return m;
                    }),
            new Check("vacuum_analyze", """
                    SELECT schema, "table", live_rows, dead_rows, modified_since_analyze, last_vacuum, last_analyze,
                           vacuum_due, analyze_due, count(*) OVER () AS total FROM (
                      SELECT s.schemaname AS schema, s.relname AS "table", s.n_live_tup AS live_rows, s.n_dead_tup AS dead_rows,
                             s.n_mod_since_analyze AS modified_since_analyze,
                             greatest(s.last_vacuum, s.last_autovacuum)::text AS last_vacuum,
                             greatest(s.last_analyze, s.last_autoanalyze)::text AS last_analyze,
                             s.n_dead_tup > current_setting('autovacuum_vacuum_threshold')::float8
                                 + current_setting('autovacuum_vacuum_scale_factor')::float8 * greatest(c.reltuples, 0) AS vacuum_due,
                             s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
                                 + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0) AS analyze_due
                      FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid) t
                    WHERE vacuum_due OR analyze_due
                    ORDER BY dead_rows DESC, modified_since_analyze DESC LIMIT %d""".formatted(ITEMS),
                    (ctx, rows) -> listed(rows, WARNING, "table(s) past the autovacuum trigger for dead rows (vacuum_due) "
                                    + "or changes since the last analyze (analyze_due)",
                            "VACUUM (ANALYZE) them now; if it keeps happening, check that autovacuum is on for them and "
                                    + "lower autovacuum_vacuum_scale_factor for large tables")),
            new Check("sequences", """
                    SELECT q.*, u.unreadable, u.reader FROM (
                      SELECT count(*) AS unreadable, current_user::text AS reader FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      -- CASE: the planner may test quals in any order, and has_sequence_privilege fails on a table
                      WHERE c.relkind = 'S' AND %s
                        AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(c.oid, 'SELECT, USAGE') END) u
                    LEFT JOIN (
                    SELECT schema, sequence, data_type, last_value, max_value, percent_used, count(*) OVER () AS total FROM (
                      SELECT s.schemaname AS schema, s.sequencename AS sequence,
                             coalesce(format_type(a.atttypid, NULL), s.data_type::text) AS data_type, s.last_value,
                             lim.max_value,
                             round(CASE WHEN s.increment_by > 0
                                        THEN 100 * (s.last_value::numeric - s.min_value) / nullif(lim.max_value::numeric - s.min_value, 0)
                                        ELSE 100 * (s.max_value::numeric - s.last_value) / nullif(s.max_value::numeric - s.min_value, 0)
                                   END, 1)::float8 AS percent_used
                      FROM pg_sequences s
                      JOIN pg_namespace n ON n.nspname = s.schemaname
                      JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
                      LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                           AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                      LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                      CROSS JOIN LATERAL (SELECT least(s.max_value, CASE a.atttypid WHEN 'int2'::regtype THEN 32767
                                                   WHEN 'int4'::regtype THEN 2147483647 ELSE s.max_value END) AS max_value) lim
                      WHERE s.last_value IS NOT NULL AND NOT s.cycle) q
                    WHERE percent_used >= 75
                    ORDER BY percent_used DESC LIMIT %d) q ON true
                    ORDER BY q.percent_used DESC""".formatted(Insight.USER_SCHEMA, ITEMS),
                    (ctx, rows) -> {
                        // pg_sequences shows no value of a sequence the role has no SELECT or USAGE on: such
                        // sequences cannot be judged, and the summary says how many.
                        long unreadable = rows.isEmpty() ? 0 : Insight.asLong(rows.get(0).get("unreadable"));
                        Object reader = rows.isEmpty() ? null : rows.get(0).get("reader");
                        List<Map<String, Object>> near = new ArrayList<>();
                        for (Map<String, Object> r : rows) {
                            r.remove("unreadable");
                            r.remove("reader");
                            if (r.get("sequence") != null) {
                                near.add(r);
                            }
                        }
                        Map<String, Object> m = listed(near, near.stream().anyMatch(r -> Insight.asDouble(r.get("percent_used")) >= 90)
                                        ? CRITICAL : WARNING, "sequence(s) that used 75 % or more of their range "
                                        + "(bounded by the column type they feed)",
                                "ALTER SEQUENCE ... AS bigint (and ALTER TABLE ... ALTER COLUMN ... TYPE bigint for the "
                                        + "column it feeds) before nextval fails");
                        if (unreadable > 0) {
                            figures(m).put("not_readable", unreadable);
                            m.put("summary", m.get("summary") + "; " + unreadable + " sequence(s) not judged: their values "
                                    + "need SELECT or USAGE on them (GRANT SELECT ON ALL SEQUENCES IN SCHEMA ... TO "
                                    + reader + ")");
                        }
                        return m;
                    }),
            new Check("cache_hit", """
                    SELECT blks_hit::int8 AS blocks_hit, blks_read::int8 AS blocks_read,
                           CASE WHEN blks_hit + blks_read > 0 THEN round((100.0 * blks_hit / (blks_hit + blks_read))::numeric, 2)::float8
                           END AS hit_percent, current_setting('shared_buffers') AS shared_buffers, stats_reset::text AS stats_reset
                    FROM pg_stat_database WHERE datname = current_database()""",
                    (ctx, rows) -> {
                        Map<String, Object> f = rows.isEmpty() ? new LinkedHashMap<>() : rows.get(0);
                        long asked = Insight.asLong(f.get("blocks_hit")) + Insight.asLong(f.get("blocks_read"));
                        Double hit = Insight.asDouble(f.get("hit_percent"));
                        Map<String, Object> m = result(OK, null, null, f, List.of());
                        if (asked < 10_000 || hit == null) {
                            m.put("summary", asked + " block(s) asked for since the statistics were reset: too few to judge");
                        } else if (hit < 95) {
                            m.put("status", WARNING);
                            m.put("summary", hit + " % of blocks found in shared buffers (under 95 %)");
                            m.put("remedy", "raise shared_buffers (now " + f.get("shared_buffers") + ") if the working set "
                                    + "should fit in memory, or find the queries reading most blocks (get_top_queries "
                                    + "order_by shared_blks_read)");
                        } else {
                            m.put("summary", hit + " % of blocks found in shared buffers");
                        }
                        return m;
                    }),
            new Check("connections", """
                    SELECT count(*) FILTER (WHERE backend_type = 'client backend') AS connections,
                           count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'active') AS active,
                           count(*) FILTER (WHERE state LIKE 'idle in transaction%') AS idle_in_transaction,
                           count(*) FILTER (WHERE backend_type = 'client backend' AND state IS NULL) AS state_not_visible,
                           current_setting('max_connections')::int8 AS max_connections,
                           current_setting('superuser_reserved_connections')::int8 AS superuser_reserved_connections
                    FROM pg_stat_activity""",
                    (ctx, rows) -> {
                        Map<String, Object> f = rows.get(0);
                        long used = Insight.asLong(f.get("connections"));
                        long available = Insight.asLong(f.get("max_connections")) - Insight.asLong(f.get("superuser_reserved_connections"));
                        double percent = available <= 0 ? 100 : Math.round(1000.0 * used / available) / 10.0;
                        f.put("percent_used", percent);
                        String status = percent > 90 ? CRITICAL : percent > 75 ? WARNING : OK;
                        String summary = used + " of " + available + " connections in use (" + percent + " %), "
                                + f.get("active") + " active, " + f.get("idle_in_transaction") + " idle in transaction"
                                + (Insight.asLong(f.get("state_not_visible")) > 0 ? "; the state of "
                                + f.get("state_not_visible") + " other role(s)' sessions needs pg_read_all_stats" : "");
                        return result(status, summary, status.equals(OK) ? null : "put a connection pooler (PgBouncer) "
                                + "in front, or close idle sessions (get_locks_and_activity lists them)", f, List.of());
                    }),
            new Check("invalid_constraints", """
                    SELECT n.nspname AS schema, t.relname AS "table", k.conname AS constraint,
                           CASE k.contype WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check' WHEN 'n' THEN 'not null'
                                ELSE k.contype::text END AS kind, count(*) OVER () AS total
                    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE NOT k.convalidated AND %s
                    ORDER BY 1, 2, 3 LIMIT %d""".formatted(Insight.USER_SCHEMA, ITEMS),
                    (ctx, rows) -> listed(rows, WARNING, "constraint(s) added NOT VALID and never validated: existing rows "
                                    + "are not checked, and the planner cannot rely on them",
                            "ALTER TABLE ... VALIDATE CONSTRAINT ... (it takes a SHARE UPDATE EXCLUSIVE lock, writes go on)")),
            new Check("replication", """
                    SELECT 'slot' AS kind, slot_name::text AS name, slot_type AS type, active,
                           CASE WHEN pg_is_in_recovery() OR restart_lsn IS NULL THEN NULL
                                ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::int8 END AS retained_wal_bytes,
                           NULL::float8 AS replay_lag_ms, pg_is_in_recovery() AS in_recovery,
                           CASE WHEN pg_is_in_recovery() THEN (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8
                           END AS replay_delay_ms
                    FROM pg_replication_slots
                    UNION ALL
                    SELECT 'standby', coalesce(nullif(application_name, ''), client_addr::text, 'pid ' || pid), state, NULL,
                           pg_wal_lsn_diff(sent_lsn, replay_lsn)::int8, (extract(epoch FROM replay_lag) * 1000)::float8,
                           pg_is_in_recovery(), NULL
                    FROM pg_stat_replication
                    UNION ALL
                    SELECT 'server', NULL, NULL, NULL, NULL, NULL, pg_is_in_recovery(),
                           CASE WHEN pg_is_in_recovery() THEN (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8
                           END
                    ORDER BY 1 DESC, 2""",
                    (ctx, rows) -> {
                        Map<String, Object> server = rows.stream().filter(r -> "server".equals(r.get("kind"))).findFirst()
                                .orElseGet(LinkedHashMap::new);
                        List<Map<String, Object>> items = new ArrayList<>();
                        int inactive = 0;
                        int lagging = 0;
                        int hidden = 0;
                        for (Map<String, Object> r : rows) {
                            if ("server".equals(r.get("kind"))) {
                                continue;
                            }
                            r.remove("in_recovery");
                            r.remove("replay_delay_ms");
                            if ("slot".equals(r.get("kind"))) {
                                r.remove("replay_lag_ms");
                                if (Boolean.FALSE.equals(r.get("active"))) {
                                    inactive++;
                                }
                            } else {
                                r.remove("active");
                                Double lag = Insight.asDouble(r.get("replay_lag_ms"));
                                if (lag != null && lag > 60_000) {
                                    lagging++;
                                }
                                if (r.get("type") == null) {
                                    hidden++;
                                }
                            }
                            items.add(r);
                        }
                        Map<String, Object> f = new LinkedHashMap<>();
                        f.put("in_recovery", server.get("in_recovery"));
                        f.put("replay_delay_ms", server.get("replay_delay_ms"));
                        f.put("slots", items.stream().filter(r -> "slot".equals(r.get("kind"))).count());
                        f.put("standbys", items.stream().filter(r -> "standby".equals(r.get("kind"))).count());
                        String status = inactive > 0 || lagging > 0 ? WARNING : OK;
                        String summary = items.isEmpty() ? "no replication slots and no standbys connected"
                                : f.get("slots") + " slot(s), " + inactive + " inactive; " + f.get("standbys")
                                + " standby(s), " + lagging + " over 60 s behind"
                                + (hidden > 0 ? "; the figures of " + hidden + " standby(s) need pg_read_all_stats" : "");
                        if (Boolean.TRUE.equals(server.get("in_recovery"))) {
                            summary += "; this server is a standby, " + server.get("replay_delay_ms") + " ms since the last replayed transaction";
                        }
                        return result(status, summary, status.equals(OK) ? null
                                : "drop a slot no consumer will come back for (pg_drop_replication_slot): it keeps WAL "
                                + "(retained_wal_bytes) until the disk fills; for a lagging standby, check its network, "
                                + "disk and hot_standby_feedback", f, items);
                    }));

    /** The names of every check, in the order they run and are listed. */
    public static final List<String> CHECK_NAMES = CHECKS.stream().map(Check::name).toList();

    @Override
    public String name() {
        return "get_database_health";
    }

    @Override
    public String description() {
        return "Health checks with status, figures and a one-line remedy: invalid, duplicate, unused and bloated "
                + "indexes; wraparound; overdue vacuum/analyze; sequences near max; cache hit ratio; connections; "
                + "invalid constraints; replication. checks picks some.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Database health");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .optional("checks", JsonSchemas.arrayOf(JsonSchemas.enumeration(null, CHECK_NAMES.toArray(String[]::new))))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("status", JsonSchemas.type("string"))
                .property("checks", JsonSchemas.arrayOf(JsonSchemas.open()
                        .property("check", JsonSchemas.type("string"))
                        .property("status", JsonSchemas.enumeration(null, OK, WARNING, CRITICAL, UNAVAILABLE))
                        .property("items", JsonSchemas.arrayOf(JsonSchemas.type("object")))
                        .build()))
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        Insight.requireNoRelationLists(context, name());
        Set<String> wanted = new LinkedHashSet<>();
        for (Object o : context.arguments().list("checks")) {
            if (!(o instanceof String s) || !CHECK_NAMES.contains(s)) {
                throw new ToolArgumentException("checks: each must be one of " + CHECK_NAMES + ", got " + o);
            }
            wanted.add(s);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        String overall = OK;
        StringBuilder text = new StringBuilder();
        for (Check check : CHECKS) {
            if (!wanted.isEmpty() && !wanted.contains(check.name())) {
                continue;
            }
            Map<String, Object> r;
            try {
                r = check.judge().apply(context, Insight.rows(context, check.sql(), List.of()));
            } catch (RuntimeException e) {
                r = result(UNAVAILABLE, "not visible: " + Insight.why(e), null, new LinkedHashMap<>(), List.of());
            }
            Map<String, Object> named = new LinkedHashMap<>();
            named.put("check", check.name());
            named.putAll(r);
            if (named.get("remedy") == null) {
                named.remove("remedy");
            }
            results.add(named);
            overall = worse(overall, (String) named.get("status"));
            text.append('[').append(named.get("status")).append("] ").append(check.name()).append(": ")
                    .append(named.get("summary"));
            if (named.containsKey("remedy")) {
                text.append("\n    remedy: ").append(named.get("remedy"));
            }
            text.append('\n');
            for (Object item : (List<?>) named.get("items")) {
                text.append("    - ").append(Render.json(item)).append('\n');
            }
            if (named.containsKey("more_items")) {
                text.append("    ... and ").append(named.get("more_items")).append(" more\n");
            }
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", overall);
        content.put("checks", results);
        return ToolResult.of(content, ToolResult.UNTRUSTED_NOTICE + "\noverall: " + overall + "\n" + text.toString().strip());
    }

    private static String worse(String a, String b) {
        List<String> order = List.of(OK, WARNING, CRITICAL);
        return order.indexOf(b) > order.indexOf(a) ? b : a;
    }

    /** A check about a list of items: ok when empty, else {@code status} with the count in the summary. */
    private static Map<String, Object> listed(List<Map<String, Object>> rows, String status, String what, String remedy) {
        long total = rows.isEmpty() ? 0 : Insight.asLong(rows.get(0).get("total"));
        rows.forEach(r -> r.remove("total"));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("count", total);
        if (rows.isEmpty()) {
            return result(OK, "nothing to report", null, f, List.of());
        }
        Map<String, Object> m = result(status, total + " " + what, remedy, f, rows);
        if (total > rows.size()) {
            m.put("more_items", total - rows.size());
        }
        return m;
    }

    private static Map<String, Object> result(String status, String summary, String remedy, Map<String, Object> figures,
                                              List<Map<String, Object>> items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("summary", summary);
        m.put("remedy", remedy);
        m.put("figures", figures);
        m.put("items", items);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> figures(Map<String, Object> result) {
        return (Map<String, Object>) result.get("figures");
    }
}
