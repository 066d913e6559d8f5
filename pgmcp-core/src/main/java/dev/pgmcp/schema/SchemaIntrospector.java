package dev.pgmcp.schema;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the part of a PostgreSQL catalog that the connected role may use.
 *
 * <p><b>What is visible.</b> Schemas from {@code pg_namespace} on which the role has {@code USAGE}
 * ({@code has_schema_privilege}), except {@code pg_catalog}, {@code information_schema}, {@code pg_toast}
 * and the temporary schemas {@code pg_temp_N} / {@code pg_toast_temp_N}. In them, relations from
 * {@code pg_class} of kind table, view, materialized view, partitioned table and foreign table on which the
 * role has {@code SELECT} on the table or on at least one column ({@code has_table_privilege},
 * {@code has_any_column_privilege}); of those, the columns it may {@code SELECT} ({@code has_column_privilege}).
 *
 * <p><b>How.</b> {@link #load()} runs a fixed number of set-based queries, however many relations there are:
 * schemas ({@code pg_namespace}), relations with sizes ({@code pg_class}, {@code pg_inherits},
 * {@code pg_total_relation_size}), columns ({@code pg_attribute}, {@code pg_attrdef}), constraints
 * ({@code pg_constraint}) and indexes ({@code pg_index}, {@code pg_am}); comments come from
 * {@code pg_description}. It uses one connection from the {@link DataSource}, inside one
 * {@code REPEATABLE READ READ ONLY} transaction (so all queries see one consistent catalog), with a local
 * {@code statement_timeout} and {@code search_path = pg_catalog} (so printed types and expressions are
 * schema-qualified unless they live in {@code pg_catalog}, independent of the role's own search path), and
 * always rolls back, restoring the connection's autocommit setting (a connection handed over with autocommit
 * off has any open transaction rolled back first). No identifier is ever concatenated into SQL: user input is bound as parameters.
 *
 * <p>The size functions take an {@code ACCESS SHARE} lock on each relation and index they measure, held
 * until the transaction ends; a relation locked exclusively by running DDL delays the load (bounded by the
 * statement timeout).
 *
 * <p>Works on PostgreSQL 13 and later. Instances are immutable and thread-safe.
 */
public final class SchemaIntrospector {

    /** The statement timeout used by {@link #SchemaIntrospector(DataSource)}. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    private static final String VISIBLE_SCHEMA =
            "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            + " AND n.nspname !~ '^pg_(toast_)?temp_'"
            + " AND has_schema_privilege(n.oid, 'USAGE')";

    private static final String VISIBLE_RELATION =
            "c.relkind IN ('r', 'v', 'm', 'p', 'f')"
            + " AND (has_table_privilege(c.oid, 'SELECT') OR has_any_column_privilege(c.oid, 'SELECT'))";

    /** The visible relations, as a CTE the column, constraint and index queries join to. */
    private static final String REL_CTE =
            "WITH rel AS (SELECT c.oid FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE " + VISIBLE_SCHEMA + " AND " + VISIBLE_RELATION + ") ";

    static final String BEGIN = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    static final String SETTINGS = "SELECT current_database(), current_setting('server_version'),"
            + " set_config('statement_timeout', ?, true), set_config('search_path', 'pg_catalog', true)";

    static final String SCHEMAS_SQL = "SELECT n.nspname, pg_get_userbyid(n.nspowner) AS owner,"
            + " obj_description(n.oid, 'pg_namespace') AS comment"
            + " FROM pg_catalog.pg_namespace n WHERE " + VISIBLE_SCHEMA
            + " ORDER BY n.nspname";

    static final String RELATIONS_SQL = "SELECT c.oid, n.nspname, c.relname, c.relkind::text AS relkind,"
            + " obj_description(c.oid, 'pg_class') AS comment,"
            + " CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END AS estimated_rows,"
            + " pg_total_relation_size(c.oid) AS total_bytes, pg_table_size(c.oid) AS table_bytes,"
            + " pg_indexes_size(c.oid) AS index_bytes,"
            + " CASE WHEN c.relispartition THEN (SELECT pn.nspname || '.' || pc.relname"
            + "   FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent"
            + "   JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace"
            + "   WHERE i.inhrelid = c.oid LIMIT 1) END AS partition_of"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE " + VISIBLE_SCHEMA + " AND " + VISIBLE_RELATION;

    static final String COLUMNS_SQL = REL_CTE
            + "SELECT a.attrelid, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod) AS data_type,"
            + " a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS default_value,"
            + " col_description(a.attrelid, a.attnum) AS comment,"
            + " a.attidentity <> '' AS is_identity, a.attgenerated <> '' AS is_generated"
            + " FROM rel JOIN pg_catalog.pg_attribute a ON a.attrelid = rel.oid"
            + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE a.attnum > 0 AND NOT a.attisdropped"
            + " AND has_column_privilege(a.attrelid, a.attnum, 'SELECT')"
            + " ORDER BY a.attrelid, a.attnum";

    static final String CONSTRAINTS_SQL = REL_CTE
            + "SELECT con.conrelid, con.conname, con.contype::text AS contype,"
            + " ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)"
            + "   JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
            + "   ORDER BY k.ord) AS columns,"
            + " fn.nspname AS ref_schema, fc.relname AS ref_table,"
            + " ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)"
            + "   JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum"
            + "   ORDER BY k.ord) AS ref_columns,"
            + " con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete,"
            + " CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid, true) END AS definition"
            + " FROM rel JOIN pg_catalog.pg_constraint con ON con.conrelid = rel.oid"
            + " LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid"
            + " LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace"
            + " WHERE con.contype IN ('p', 'u', 'f', 'c')"
            + " ORDER BY con.conrelid, con.conname";

    static final String INDEXES_SQL = REL_CTE
            + "SELECT i.indrelid, ic.relname, i.indisunique, i.indisprimary, am.amname,"
            + " ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)"
            + "   FROM generate_series(1, i.indnkeyatts::int) k ORDER BY k) AS columns,"
            + " pg_get_indexdef(i.indexrelid) AS definition, pg_relation_size(i.indexrelid) AS size_bytes"
            + " FROM rel JOIN pg_catalog.pg_index i ON i.indrelid = rel.oid"
            + " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
            + " JOIN pg_catalog.pg_am am ON am.oid = ic.relam"
            + " ORDER BY i.indrelid, ic.relname";

    static final String STATS_SQL = "SELECT n.nspname, c.relname,"
            + " COALESCE(s.n_live_tup, 0), COALESCE(s.n_dead_tup, 0), COALESCE(s.seq_scan, 0),"
            + " COALESCE(s.idx_scan, 0), s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze,"
            + " pg_total_relation_size(c.oid), pg_table_size(c.oid), pg_indexes_size(c.oid),"
            + " CASE WHEN c.reltoastrelid = 0 THEN 0 ELSE pg_total_relation_size(c.reltoastrelid) END,"
            + " CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END,"
            + " (n.nspname = ? AND c.relname = ?) AS exact"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid"
            + " WHERE lower(n.nspname) = lower(?) AND lower(c.relname) = lower(?)"
            + " AND " + VISIBLE_SCHEMA + " AND " + VISIBLE_RELATION
            + " ORDER BY exact DESC LIMIT 2";

    private final DataSource dataSource;
    private final Duration statementTimeout;

    /**
     * Creates an introspector with a {@link #DEFAULT_STATEMENT_TIMEOUT 30 second} statement timeout.
     *
     * @param dataSource where connections come from; each call borrows one and returns it
     */
    public SchemaIntrospector(DataSource dataSource) {
        this(dataSource, DEFAULT_STATEMENT_TIMEOUT);
    }

    /**
     * Creates an introspector.
     *
     * @param dataSource       where connections come from; each call borrows one and returns it
     * @param statementTimeout the {@code statement_timeout} set locally for each catalog query; at least 1 ms
     * @throws IllegalArgumentException when the timeout is shorter than 1 ms
     */
    public SchemaIntrospector(DataSource dataSource, Duration statementTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.statementTimeout = Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("statement timeout must be at least 1 ms: " + statementTimeout);
        }
    }

    /** @return the {@code statement_timeout} applied to each catalog query */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /**
     * Reads the whole user-visible catalog in a fixed number of set-based queries (never one query per
     * table): seven statements in one read-only transaction on one connection, whatever the size of the
     * database.
     *
     * @return a new snapshot; {@link CatalogSnapshot#loadedAt()} is the moment the load started
     * @throws SQLException when no connection can be had, a query fails or exceeds the statement timeout
     */
    public CatalogSnapshot load() throws SQLException {
        Instant started = Instant.now();
        return inReadOnlyTransaction(c -> {
            String database;
            String version;
            try (PreparedStatement ps = c.prepareStatement(SETTINGS)) {
                ps.setString(1, Long.toString(statementTimeout.toMillis()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    database = rs.getString(1);
                    version = rs.getString(2);
                }
            }
            record Schema(String name, String owner, String comment) {
            }
            List<Schema> schemas = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SCHEMAS_SQL); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    schemas.add(new Schema(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            Map<Long, Builder> byOid = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(RELATIONS_SQL); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Builder b = new Builder();
                    b.schema = rs.getString("nspname");
                    b.name = rs.getString("relname");
                    b.kind = RelationKind.fromCode(rs.getString("relkind").charAt(0));
                    b.comment = rs.getString("comment");
                    b.estimatedRows = rs.getLong("estimated_rows");
                    b.totalBytes = rs.getLong("total_bytes");
                    b.tableBytes = rs.getLong("table_bytes");
                    b.indexBytes = rs.getLong("index_bytes");
                    b.partitionOf = rs.getString("partition_of");
                    byOid.put(rs.getLong("oid"), b);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(COLUMNS_SQL); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Builder b = byOid.get(rs.getLong("attrelid"));
                    if (b != null) {
                        b.columns.add(new ColumnInfo(rs.getString("attname"), rs.getInt("attnum"),
                                rs.getString("data_type"), !rs.getBoolean("attnotnull"),
                                rs.getString("default_value"), rs.getString("comment"),
                                rs.getBoolean("is_identity"), rs.getBoolean("is_generated")));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(CONSTRAINTS_SQL); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Builder b = byOid.get(rs.getLong("conrelid"));
                    if (b == null) {
                        continue;
                    }
                    String name = rs.getString("conname");
                    List<String> columns = strings(rs.getArray("columns"));
                    switch (rs.getString("contype").charAt(0)) {
                        case 'p' -> b.primaryKey = new PrimaryKeyInfo(name, columns);
                        case 'u' -> b.uniqueKeys.add(new UniqueConstraintInfo(name, columns));
                        case 'f' -> b.foreignKeys.add(new ForeignKeyInfo(name, columns, rs.getString("ref_schema"),
                                rs.getString("ref_table"), strings(rs.getArray("ref_columns")),
                                ForeignKeyInfo.action(rs.getString("on_update").charAt(0)),
                                ForeignKeyInfo.action(rs.getString("on_delete").charAt(0))));
                        case 'c' -> b.checks.add(new CheckConstraintInfo(name, rs.getString("definition")));
                        default -> {
                            // excluded by the query
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INDEXES_SQL); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Builder b = byOid.get(rs.getLong("indrelid"));
                    if (b != null) {
                        b.indexes.add(new IndexInfo(rs.getString("relname"), rs.getBoolean("indisunique"),
                                rs.getBoolean("indisprimary"), rs.getString("amname"), strings(rs.getArray("columns")),
                                rs.getString("definition"), rs.getLong("size_bytes")));
                    }
                }
            }

            List<RelationInfo> relations = new ArrayList<>(byOid.size());
            Map<String, int[]> counts = new HashMap<>();
            for (Builder b : byOid.values()) {
                relations.add(b.build());
                int[] n = counts.computeIfAbsent(b.schema, k -> new int[2]);
                n[b.kind.isTableLike() ? 0 : 1]++;
            }
            List<SchemaInfo> schemaInfos = new ArrayList<>(schemas.size());
            for (Schema s : schemas) {
                int[] n = counts.getOrDefault(s.name(), new int[2]);
                schemaInfos.add(new SchemaInfo(s.name(), s.owner(), s.comment(), n[0], n[1]));
            }
            return new CatalogSnapshot(database, version, started, schemaInfos, relations);
        });
    }

    /**
     * Live statistics for one relation, from {@code pg_stat_user_tables} and the size functions, in one query.
     * The name is matched like {@link CatalogSnapshot#find(String, String)}: exactly first, else ignoring case
     * when that match is unique.
     *
     * @param schema the schema name, unquoted
     * @param name   the relation name, unquoted
     * @return the statistics; {@code Optional.empty()} when the relation does not exist, is not visible to the
     *         role (see the class comment), or the case-insensitive match is ambiguous
     * @throws SQLException when no connection can be had, or the query fails or times out
     */
    public Optional<TableStats> stats(String schema, String name) throws SQLException {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        return inReadOnlyTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT set_config('statement_timeout', ?, true), set_config('search_path', 'pg_catalog', true)")) {
                ps.setString(1, Long.toString(statementTimeout.toMillis()));
                ps.executeQuery().close();
            }
            try (PreparedStatement ps = c.prepareStatement(STATS_SQL)) {
                ps.setString(1, schema);
                ps.setString(2, name);
                ps.setString(3, schema);
                ps.setString(4, name);
                try (ResultSet rs = ps.executeQuery()) {
                    List<TableStats> found = new ArrayList<>(2);
                    boolean firstExact = false;
                    while (rs.next()) {
                        if (found.isEmpty()) {
                            firstExact = rs.getBoolean(16);
                        }
                        found.add(new TableStats(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
                                instant(rs, 10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14),
                                rs.getLong(15)));
                    }
                    if (found.size() == 1 || (!found.isEmpty() && firstExact)) {
                        return Optional.of(found.get(0));
                    }
                    return Optional.empty();
                }
            }
        });
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inReadOnlyTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            } else {
                c.rollback();
            }
            try {
                try (Statement s = c.createStatement()) {
                    s.execute(BEGIN);
                }
                return work.run(c);
            } finally {
                try {
                    c.rollback();
                } finally {
                    if (autoCommit) {
                        c.setAutoCommit(true);
                    }
                }
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            Object[] values = (Object[]) array.getArray();
            return Arrays.stream(values).map(String::valueOf).toList();
        } finally {
            array.free();
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Mutable accumulator for one relation while the query results are merged. */
    private static final class Builder {
        String schema;
        String name;
        RelationKind kind;
        String comment;
        long estimatedRows;
        long totalBytes;
        long tableBytes;
        long indexBytes;
        String partitionOf;
        final List<ColumnInfo> columns = new ArrayList<>();
        PrimaryKeyInfo primaryKey;
        final List<UniqueConstraintInfo> uniqueKeys = new ArrayList<>();
        final List<ForeignKeyInfo> foreignKeys = new ArrayList<>();
        final List<CheckConstraintInfo> checks = new ArrayList<>();
        final List<IndexInfo> indexes = new ArrayList<>();

        RelationInfo build() {
            return new RelationInfo(schema, name, kind, comment, estimatedRows, totalBytes, tableBytes, indexBytes,
                    partitionOf, columns, primaryKey, uniqueKeys, foreignKeys, checks, indexes);
        }
    }
}
