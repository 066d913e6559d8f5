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
 * Reads the part of a PostgreSQL catalog that the connected role may use (or, from {@link #asRole}, a role
 * it switches to).
 *
 * <p><b>What is visible.</b> Schemas from {@code pg_namespace} on which the role has {@code USAGE}
 * ({@code has_schema_privilege}), except {@code pg_catalog}, {@code information_schema}, {@code pg_toast}
 * and the temporary schemas {@code pg_temp_N} / {@code pg_toast_temp_N}. In them, relations from
 * {@code pg_class} of kind table, view, materialized view, partitioned table and foreign table on which the
 * role has {@code SELECT} on the table or on at least one column ({@code has_table_privilege},
 * {@code has_any_column_privilege}); of those, the columns it may {@code SELECT} ({@code has_column_privilege}).
 *
 * <p><b>How.</b> {@link #load()} runs a fixed number of set-based queries, however many relations there are:
 * schemas ({@code pg_namespace}), relations with sizes, view definitions, partitioning and inheritance
 * ({@code pg_class}, {@code pg_inherits}, {@code pg_partition_tree}, {@code pg_total_relation_size},
 * {@code pg_get_viewdef}, {@code pg_get_partkeydef}), columns ({@code pg_attribute}, {@code pg_attrdef},
 * {@code pg_type}), constraints ({@code pg_constraint}), indexes ({@code pg_index}, {@code pg_am}), triggers
 * ({@code pg_trigger}, {@code pg_proc}) and enums and domains ({@code pg_type}, {@code pg_enum},
 * {@code pg_constraint}); comments come from {@code pg_description}. A partitioned table's sizes and row
 * estimate are totals over its partitions. It uses one connection from the {@link DataSource}, inside one
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

    /** For a partitioned table {@code c}: its partitions, sub-partitions included, joined as {@code pc}. */
    private static final String TREE = " FROM pg_catalog.pg_partition_tree(c.oid) t"
            + " JOIN pg_catalog.pg_class pc ON pc.oid = t.relid WHERE t.relid <> c.oid";

    /** The relation's own size, or for a partitioned table the sum over its partitions. */
    private static String size(String function) {
        return "CASE WHEN c.relkind = 'p' THEN COALESCE((SELECT sum(" + function + "(pc.oid))::bigint" + TREE
                + "), 0) ELSE " + function + "(c.oid) END";
    }

    /** The planner's estimate, -1 when there is none; for a partitioned table the sum over its leaves. */
    private static final String ESTIMATED_ROWS = "CASE WHEN c.relkind = 'p' THEN COALESCE((SELECT"
            + " sum(pc.reltuples) FILTER (WHERE pc.reltuples >= 0)::bigint" + TREE + " AND t.isleaf), -1)"
            + " WHEN c.relkind = 'v' OR c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END";

    private static final String PARTITION_COUNT = "CASE WHEN c.relkind = 'p' THEN (SELECT count(*)" + TREE
            + ") ELSE 0 END";

    static final String RELATIONS_SQL = "SELECT c.oid, n.nspname, c.relname, c.relkind::text AS relkind,"
            + " obj_description(c.oid, 'pg_class') AS comment,"
            + " " + ESTIMATED_ROWS + " AS estimated_rows,"
            + " " + size("pg_total_relation_size") + " AS total_bytes,"
            + " " + size("pg_table_size") + " AS table_bytes,"
            + " " + size("pg_indexes_size") + " AS index_bytes,"
            + " CASE WHEN c.relispartition THEN (SELECT pn.nspname || '.' || pc.relname"
            + "   FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent"
            + "   JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace"
            + "   WHERE i.inhrelid = c.oid LIMIT 1) END AS partition_of,"
            + " CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS view_definition,"
            + " c.relispopulated,"
            + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,"
            + " CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid, true) END AS partition_bound,"
            + " " + PARTITION_COUNT + " AS partition_count,"
            + " CASE WHEN c.relispartition THEN ARRAY[]::text[] ELSE ARRAY(SELECT pn.nspname || '.' || pc.relname"
            + "   FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent"
            + "   JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace"
            + "   WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) END AS parents"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE " + VISIBLE_SCHEMA + " AND " + VISIBLE_RELATION;

    static final String COLUMNS_SQL = REL_CTE
            + "SELECT a.attrelid, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod) AS data_type,"
            + " a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS default_value,"
            + " col_description(a.attrelid, a.attnum) AS comment,"
            + " CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END AS identity_generation,"
            + " CASE a.attgenerated::text WHEN 's' THEN 'STORED' WHEN 'v' THEN 'VIRTUAL' END AS generation,"
            + " CASE WHEN ut.typtype IN ('e', 'd') THEN un.nspname || '.' || ut.typname END AS user_type"
            + " FROM rel JOIN pg_catalog.pg_attribute a ON a.attrelid = rel.oid"
            + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
            + " JOIN pg_catalog.pg_type ut ON ut.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0"
            + "   THEN t.typelem ELSE t.oid END"
            + " JOIN pg_catalog.pg_namespace un ON un.oid = ut.typnamespace"
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
            + " CASE WHEN con.contype IN ('c', 'x') THEN pg_get_constraintdef(con.oid, true) END AS definition,"
            + " obj_description(con.oid, 'pg_constraint') AS comment"
            + " FROM rel JOIN pg_catalog.pg_constraint con ON con.conrelid = rel.oid"
            + " LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid"
            + " LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace"
            + " WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')"
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

    /** User triggers; the {@code tgtype} bits are those of PostgreSQL's {@code catalog/pg_trigger.h}. */
    static final String TRIGGERS_SQL = REL_CTE
            + "SELECT tg.tgrelid, tg.tgname,"
            + " CASE WHEN tg.tgtype & 2 <> 0 THEN 'BEFORE' WHEN tg.tgtype & 64 <> 0 THEN 'INSTEAD OF'"
            + "   ELSE 'AFTER' END AS timing,"
            + " array_remove(ARRAY[CASE WHEN tg.tgtype & 4 <> 0 THEN 'INSERT' END,"
            + "   CASE WHEN tg.tgtype & 16 <> 0 THEN 'UPDATE' END, CASE WHEN tg.tgtype & 8 <> 0 THEN 'DELETE' END,"
            + "   CASE WHEN tg.tgtype & 32 <> 0 THEN 'TRUNCATE' END], NULL) AS events,"
            + " CASE WHEN tg.tgtype & 1 <> 0 THEN 'ROW' ELSE 'STATEMENT' END AS level,"
            + " pn.nspname || '.' || p.proname AS function,"
            + " CASE tg.tgenabled WHEN 'O' THEN 'origin' WHEN 'R' THEN 'replica' WHEN 'A' THEN 'always'"
            + "   ELSE 'disabled' END AS enabled,"
            + " pg_get_triggerdef(tg.oid, true) AS definition,"
            + " obj_description(tg.oid, 'pg_trigger') AS comment,"
            + " obj_description(p.oid, 'pg_proc') AS function_comment"
            + " FROM rel JOIN pg_catalog.pg_trigger tg ON tg.tgrelid = rel.oid"
            + " JOIN pg_catalog.pg_proc p ON p.oid = tg.tgfoid"
            + " JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace"
            + " WHERE NOT tg.tgisinternal"
            + " ORDER BY tg.tgrelid, tg.tgname";

    /** Enums and domains of the visible schemas, with enum labels and domain constraints. */
    static final String TYPES_SQL = "SELECT n.nspname, t.typname, t.typtype::text AS typtype,"
            + " obj_description(t.oid, 'pg_type') AS comment,"
            + " ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid"
            + "   ORDER BY e.enumsortorder) AS labels,"
            + " CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,"
            + " t.typnotnull, t.typdefault,"
            + " ARRAY(SELECT con.conname::text FROM pg_catalog.pg_constraint con"
            + "   WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname) AS check_names,"
            + " ARRAY(SELECT pg_get_constraintdef(con.oid, true) FROM pg_catalog.pg_constraint con"
            + "   WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname) AS check_definitions"
            + " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
            + " WHERE t.typtype IN ('e', 'd') AND " + VISIBLE_SCHEMA
            + " ORDER BY n.nspname, t.typname";

    /** Partitioned-table totals for the stats query: over {@code pg_partition_tree}, with their statistics. */
    private static final String TREE_STATS = " FROM pg_catalog.pg_partition_tree(c.oid) t"
            + " JOIN pg_catalog.pg_class pc ON pc.oid = t.relid"
            + " LEFT JOIN pg_catalog.pg_stat_user_tables ps ON ps.relid = t.relid WHERE t.relid <> c.oid";

    private static String counter(String column) {
        return "CASE WHEN c.relkind = 'p' THEN COALESCE((SELECT sum(ps." + column + ")::bigint" + TREE_STATS
                + "), 0) ELSE COALESCE(s." + column + ", 0) END";
    }

    private static final String TOAST_BYTES = "CASE WHEN c.reltoastrelid = 0 THEN 0"
            + " ELSE pg_total_relation_size(c.reltoastrelid) END";

    static final String STATS_SQL = "SELECT n.nspname, c.relname,"
            + " " + counter("n_live_tup") + ", " + counter("n_dead_tup") + ", " + counter("seq_scan") + ","
            + " " + counter("idx_scan") + ", s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze,"
            + " " + size("pg_total_relation_size") + ", " + size("pg_table_size") + ", " + size("pg_indexes_size") + ","
            + " CASE WHEN c.relkind = 'p' THEN COALESCE((SELECT sum(CASE WHEN pc.reltoastrelid = 0 THEN 0"
            + "   ELSE pg_total_relation_size(pc.reltoastrelid) END)::bigint" + TREE + "), 0)"
            + "   ELSE " + TOAST_BYTES + " END,"
            + " " + ESTIMATED_ROWS + ","
            + " (n.nspname = ? AND c.relname = ?) AS exact,"
            + " " + PARTITION_COUNT
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid"
            + " WHERE lower(n.nspname) = lower(?) AND lower(c.relname) = lower(?)"
            + " AND " + VISIBLE_SCHEMA + " AND " + VISIBLE_RELATION
            + " ORDER BY exact DESC LIMIT 2";

    private final DataSource dataSource;
    private final Duration statementTimeout;
    /** The role the catalog is read as ({@code SET LOCAL ROLE}), or null for the connection's own. */
    private final String role;

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
        this(dataSource, statementTimeout, null);
    }

    private SchemaIntrospector(DataSource dataSource, Duration statementTimeout, String role) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.statementTimeout = Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("statement timeout must be at least 1 ms: " + statementTimeout);
        }
        this.role = role;
    }

    /**
     * An introspector that reads what {@code role} may use: each of its transactions starts with
     * {@code SET LOCAL ROLE} ({@code set_config('role', role, true)}), so the privilege checks of the
     * class comment are that role's. The connecting role must be a member of it.
     *
     * @param role a role name as stored in {@code pg_roles}, or {@code null} for the connecting role
     * @return an introspector on the same connections, with the same timeout
     */
    public SchemaIntrospector asRole(String role) {
        return new SchemaIntrospector(dataSource, statementTimeout, role);
    }

    /** @return the role the catalog is read as, or empty for the connecting role */
    public Optional<String> role() {
        return Optional.ofNullable(role);
    }

    /** @return the {@code statement_timeout} applied to each catalog query */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /**
     * Reads the whole user-visible catalog in a fixed number of set-based queries (never one query per
     * table): nine statements in one read-only transaction on one connection, whatever the size of the
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
                    b.viewDefinition = rs.getString("view_definition");
                    b.populated = rs.getBoolean("relispopulated");
                    b.partitionKey = rs.getString("partition_key");
                    b.partitionBound = rs.getString("partition_bound");
                    b.partitionCount = rs.getInt("partition_count");
                    b.parents = strings(rs.getArray("parents"));
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
                                rs.getString("identity_generation"), rs.getString("generation"),
                                rs.getString("user_type")));
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
                    String comment = rs.getString("comment");
                    if (comment != null) {
                        b.constraintComments.put(name, comment);
                    }
                    List<String> columns = strings(rs.getArray("columns"));
                    switch (rs.getString("contype").charAt(0)) {
                        case 'p' -> b.primaryKey = new PrimaryKeyInfo(name, columns);
                        case 'u' -> b.uniqueKeys.add(new UniqueConstraintInfo(name, columns));
                        case 'f' -> b.foreignKeys.add(new ForeignKeyInfo(name, columns, rs.getString("ref_schema"),
                                rs.getString("ref_table"), strings(rs.getArray("ref_columns")),
                                ForeignKeyInfo.action(rs.getString("on_update").charAt(0)),
                                ForeignKeyInfo.action(rs.getString("on_delete").charAt(0))));
                        case 'c' -> b.checks.add(new CheckConstraintInfo(name, rs.getString("definition")));
                        case 'x' -> b.exclusions.add(new ExclusionConstraintInfo(name, rs.getString("definition")));
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
            try (PreparedStatement ps = c.prepareStatement(TRIGGERS_SQL); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Builder b = byOid.get(rs.getLong("tgrelid"));
                    if (b != null) {
                        b.triggers.add(new TriggerInfo(rs.getString("tgname"), rs.getString("timing"),
                                strings(rs.getArray("events")), rs.getString("level"), rs.getString("function"),
                                rs.getString("enabled"), rs.getString("definition"), rs.getString("comment"),
                                rs.getString("function_comment")));
                    }
                }
            }
            List<TypeInfo> types = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(TYPES_SQL); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean isEnum = rs.getString("typtype").equals("e");
                    List<String> names = strings(rs.getArray("check_names"));
                    List<String> definitions = strings(rs.getArray("check_definitions"));
                    List<CheckConstraintInfo> checks = new ArrayList<>(names.size());
                    for (int i = 0; i < names.size(); i++) {
                        checks.add(new CheckConstraintInfo(names.get(i), definitions.get(i)));
                    }
                    types.add(new TypeInfo(rs.getString("nspname"), rs.getString("typname"),
                            isEnum ? TypeInfo.Kind.ENUM : TypeInfo.Kind.DOMAIN, rs.getString("comment"),
                            strings(rs.getArray("labels")), rs.getString("base_type"), rs.getBoolean("typnotnull"),
                            rs.getString("typdefault"), checks));
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
            return new CatalogSnapshot(database, version, started, schemaInfos, relations, types);
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
                                rs.getLong(15), rs.getInt(17)));
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
                if (role != null) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('role', ?, true)")) {
                        ps.setString(1, role);
                        ps.executeQuery().close();
                    }
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
        String viewDefinition;
        boolean populated;
        String partitionKey;
        String partitionBound;
        int partitionCount;
        List<String> parents = List.of();
        final List<ExclusionConstraintInfo> exclusions = new ArrayList<>();
        final List<TriggerInfo> triggers = new ArrayList<>();
        final Map<String, String> constraintComments = new HashMap<>();
        final List<ColumnInfo> columns = new ArrayList<>();
        PrimaryKeyInfo primaryKey;
        final List<UniqueConstraintInfo> uniqueKeys = new ArrayList<>();
        final List<ForeignKeyInfo> foreignKeys = new ArrayList<>();
        final List<CheckConstraintInfo> checks = new ArrayList<>();
        final List<IndexInfo> indexes = new ArrayList<>();

        RelationInfo build() {
            return new RelationInfo(schema, name, kind, comment, estimatedRows, totalBytes, tableBytes, indexBytes,
                    partitionOf, columns, primaryKey, uniqueKeys, foreignKeys, checks, indexes, viewDefinition,
                    populated, partitionKey, partitionBound, partitionCount, parents, exclusions, triggers,
                    constraintComments);
        }
    }
}
