package dev.pgmcp.internal.tools;

import dev.pgmcp.schema.ColumnInfo;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.schema.RelationKind;
import dev.pgmcp.schema.SchemaUnavailableException;
import dev.pgmcp.schema.TableStats;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code get_table_stats}: live statistics of one table from {@code pg_stat_user_tables} and the
 * size functions, plus the distribution of its column types. For a partitioned table the rows, scans and bytes
 * are totals over all its partitions, sub-partitions included ({@code pg_partition_tree}), and the result says
 * so ({@code totals_over_partitions}, {@code partition_count}).
 */
public final class TableStatsTool implements Tool {

    @Override
    public String name() {
        return "get_table_stats";
    }

    @Override
    public String description() {
        return "A table's live and dead rows, scans, last (auto)vacuum and (auto)analyze, table/index/TOAST bytes and "
                + "columns per data type; for a partitioned table, totals over all its partitions.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Table stats");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return Relations.arguments()
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("schema", JsonSchemas.type("string"))
                .property("name", JsonSchemas.type("string"))
                .property("estimated_rows", JsonSchemas.type("integer", "null"))
                .property("totals_over_partitions", JsonSchemas.type("boolean"))
                .property("partition_count", JsonSchemas.integerAtLeast(null, 0))
                .property("column_types", JsonSchemas.mapOf(JsonSchemas.type("integer")))
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) throws SQLException {
        RelationInfo r = Relations.resolve(context.catalog(), context.arguments());
        TableStats s = EngineAccess.of(context).schemaCache().introspector().stats(r.schema(), r.name())
                .orElseThrow(() -> new SchemaUnavailableException(r.qualifiedName() + " is no longer visible", null));
        Map<String, Integer> types = new TreeMap<>();
        for (ColumnInfo c : r.columns()) {
            types.merge(c.dataType(), 1, Integer::sum);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", s.schema());
        m.put("name", s.name());
        m.put("kind", r.kind().label());
        m.put("live_rows", s.liveRows());
        m.put("dead_rows", s.deadRows());
        m.put("estimated_rows", s.estimatedRows() >= 0 ? s.estimatedRows() : null);
        m.put("seq_scans", s.seqScans());
        m.put("index_scans", s.indexScans());
        m.put("last_vacuum", str(s.lastVacuum()));
        m.put("last_autovacuum", str(s.lastAutovacuum()));
        m.put("last_analyze", str(s.lastAnalyze()));
        m.put("last_autoanalyze", str(s.lastAutoanalyze()));
        m.put("total_bytes", s.totalBytes());
        m.put("table_bytes", s.tableBytes());
        m.put("index_bytes", s.indexBytes());
        m.put("toast_bytes", s.toastBytes());
        boolean partitioned = r.kind() == RelationKind.PARTITIONED_TABLE;
        if (partitioned) {
            m.put("totals_over_partitions", true);
            m.put("partition_count", s.partitionCount());
        }
        m.put("column_count", r.columns().size());
        m.put("column_types", types);
        String text = r.qualifiedName() + (partitioned ? " (totals over " + s.partitionCount() + " partitions)" : "")
                + ": " + s.liveRows() + " live rows, " + s.deadRows() + " dead, "
                + Render.bytes(s.totalBytes()) + " total (table " + Render.bytes(s.tableBytes()) + ", indexes "
                + Render.bytes(s.indexBytes()) + ", TOAST " + Render.bytes(s.toastBytes()) + "); "
                + s.seqScans() + " seq scans, " + s.indexScans() + " index scans; last analyze "
                + (s.lastAnalyze() != null ? s.lastAnalyze() : s.lastAutoanalyze() != null ? s.lastAutoanalyze() + " (auto)" : "never")
                + "\ncolumn types: " + types;
        return ToolResult.of(m, text);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
