package dev.pgmcp.schema;

import java.time.Instant;
import java.util.Objects;

/**
 * Live statistics of one relation, read by {@link SchemaIntrospector#stats(String, String)} from the
 * cumulative statistics view {@code pg_stat_user_tables} and the size functions. Counters are since the
 * last statistics reset; relations without a statistics row (views, foreign tables) report 0 and null.
 *
 * <p>For a partitioned table ({@code partitionCount > 0}, or a partitioned table without partitions) the rows,
 * scans and bytes are <b>totals over all its partitions</b>, sub-partitions included
 * ({@code pg_partition_tree}; a partitioned table holds no rows itself), while the last (auto)vacuum and
 * (auto)analyze are the partitioned table's own (autovacuum never processes a partitioned table itself, so
 * these are usually null).
 *
 * @param schema           the schema name, unquoted
 * @param name             the relation name, unquoted
 * @param liveRows         estimated live rows ({@code n_live_tup}), 0 when unknown
 * @param deadRows         estimated dead rows awaiting vacuum ({@code n_dead_tup}), 0 when unknown
 * @param seqScans         sequential scans started ({@code seq_scan}), 0 when unknown
 * @param indexScans       index scans started ({@code idx_scan}), 0 when unknown or there are no indexes
 * @param lastVacuum       the last manual {@code VACUUM} ({@code last_vacuum}), or null if never
 * @param lastAutovacuum   the last autovacuum ({@code last_autovacuum}), or null if never
 * @param lastAnalyze      the last manual {@code ANALYZE} ({@code last_analyze}), or null if never
 * @param lastAutoanalyze  the last auto-analyze ({@code last_autoanalyze}), or null if never
 * @param totalBytes       bytes on disk including indexes and TOAST ({@code pg_total_relation_size})
 * @param tableBytes       bytes of the table including TOAST, excluding indexes ({@code pg_table_size})
 * @param indexBytes       bytes of all indexes ({@code pg_indexes_size})
 * @param toastBytes       bytes of the TOAST table and its index (part of {@code tableBytes}), 0 if none
 * @param estimatedRows    the planner's row estimate ({@code pg_class.reltuples}), -1 if there is none (never
 *                         analyzed on PostgreSQL 14+, a view); summed over leaf partitions for a partitioned table
 * @param partitionCount   how many partitions a partitioned table has, sub-partitions included
 *                         ({@code pg_partition_tree}); 0 for any other relation
 */
public record TableStats(String schema, String name, long liveRows, long deadRows, long seqScans, long indexScans,
                         Instant lastVacuum, Instant lastAutovacuum, Instant lastAnalyze, Instant lastAutoanalyze,
                         long totalBytes, long tableBytes, long indexBytes, long toastBytes, long estimatedRows,
                         int partitionCount) {

    /**
     * Validates the record: {@code schema} and {@code name} must not be null.
     *
     * @param schema the schema name, unquoted
     * @param name the relation name, unquoted
     * @param liveRows estimated live rows ({@code n_live_tup}), 0 when unknown
     * @param deadRows estimated dead rows awaiting vacuum ({@code n_dead_tup}), 0 when unknown
     * @param seqScans sequential scans started ({@code seq_scan}), 0 when unknown
     * @param indexScans index scans started ({@code idx_scan}), 0 when unknown or there are no indexes
     * @param lastVacuum the last manual {@code VACUUM} ({@code last_vacuum}), or null if never
     * @param lastAutovacuum the last autovacuum ({@code last_autovacuum}), or null if never
     * @param lastAnalyze the last manual {@code ANALYZE} ({@code last_analyze}), or null if never
     * @param lastAutoanalyze the last auto-analyze ({@code last_autoanalyze}), or null if never
     * @param totalBytes bytes on disk including indexes and TOAST ({@code pg_total_relation_size})
     * @param tableBytes bytes of the table including TOAST, excluding indexes ({@code pg_table_size})
     * @param indexBytes bytes of all indexes ({@code pg_indexes_size})
     * @param toastBytes bytes of the TOAST table and its index (part of {@code tableBytes}), 0 if none
     * @param estimatedRows the planner's row estimate ({@code pg_class.reltuples}), -1 if never analyzed (PostgreSQL
     *     14+)
     * @param partitionCount how many partitions a partitioned table has, sub-partitions included; 0 otherwise
     * @throws NullPointerException when a required argument (or a list element) is null
     */
    public TableStats {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** @return {@code schema + "." + name}, unquoted */
    public String qualifiedName() {
        return schema + "." + name;
    }
}
