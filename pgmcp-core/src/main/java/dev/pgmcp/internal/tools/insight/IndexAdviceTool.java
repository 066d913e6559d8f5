package dev.pgmcp.internal.tools.insight;

import dev.pgmcp.internal.sql.PlaceholderRewriter;
import dev.pgmcp.internal.sql.StatementKind;
import dev.pgmcp.internal.sql.ValidatedStatement;
import dev.pgmcp.internal.tools.EngineAccess;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolArgumentException;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code get_index_advice}: indexes that would make one query, or the top queries of
 * {@code pg_stat_statements}, cheaper.
 *
 * <p>Input: either {@code sql} (one read-only query, checked as {@code execute_query} checks it; a
 * query with {@code $n} placeholders is planned generically, which needs PostgreSQL 16) or
 * {@code top_queries} (1..20: the statements of {@code pg_stat_statements} with the most total time;
 * those the validator refuses, such as writes, are skipped and named in {@code notes}).
 *
 * <p>How: each statement is planned with {@code EXPLAIN (VERBOSE, FORMAT JSON)} (never run); each
 * sequential scan's filter columns, and the columns it is joined on, are candidates, unless an index
 * of the table already starts with them. With the {@code hypopg} extension installed, each candidate
 * becomes a hypothetical index ({@code hypopg_create_index}, in the call's read-only transaction;
 * {@code hypopg_reset()} removes them before the connection goes back to the pool), the statement is
 * planned again, and a candidate is recommended ({@code verified: true}) when the plan uses it and its
 * cost drops by at least {@value #MIN_IMPROVEMENT_PERCENT} %, with its estimated size
 * ({@code hypopg_relation_size}). Without hypopg the candidates on tables of at least
 * {@value #MIN_ROWS} rows whose filter keeps at most {@value #MAX_SELECTIVITY_PERCENT} % of them (the
 * planner's estimate), and join columns, are returned with {@code verified: false} and the column
 * statistics from {@code pg_stats} ({@code n_distinct}, {@code null_frac}, {@code correlation}).
 *
 * <p>Structured content: {@code hypopg} (whether what-if indexes were used), {@code recommendations}
 * (each with {@code table}, {@code columns}, {@code definition} (a {@code CREATE INDEX} statement to
 * review), {@code verified}, {@code reason}; verified ones also {@code cost_before}, {@code cost_after}
 * (planner cost units), {@code improvement_percent} and {@code estimated_size_bytes}; unverified ones
 * {@code column_stats}), {@code statements} (each planned statement with its {@code cost}) and
 * {@code notes}.
 */
public final class IndexAdviceTool implements Tool {

    /** The least drop in plan cost, in percent, for which a hypothetical index is recommended. */
    static final int MIN_IMPROVEMENT_PERCENT = 10;
    /** The fewest estimated rows of a table for which an unverified candidate is returned. */
    static final int MIN_ROWS = 10_000;
    /** The largest share of a table's rows, in percent, a filter may keep for an unverified candidate. */
    static final int MAX_SELECTIVITY_PERCENT = 10;
    /** The most candidates tried per statement. */
    static final int MAX_CANDIDATES = 8;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.\"$])(\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)\\.(\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)");
    private static final Pattern LITERAL = Pattern.compile("'(?:[^']|'')*'");

    @Override
    public String name() {
        return "get_index_advice";
    }

    @Override
    public String description() {
        return "Indexes that would make one query (sql) or the top pg_stat_statements queries (top_queries) cheaper. "
                + "With hypopg: what-if indexes, plan costs compared, estimated size. Without: candidates from the "
                + "plan and pg_stats, unverified. Never runs the queries.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Index advice");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .optional("sql", JsonSchemas.type("string"))
                .optional("top_queries", JsonSchemas.integer(null, 1, 20, null))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("hypopg", JsonSchemas.type("boolean"))
                .property("recommendations", JsonSchemas.arrayOf(JsonSchemas.type("object")))
                .property("statements", JsonSchemas.arrayOf(JsonSchemas.type("object")))
                .property("notes", JsonSchemas.arrayOf(JsonSchemas.type("string")))
                .build();
    }

    /** A statement to plan: validated text, how many placeholders, where it came from. */
    private record Workload(String sql, int parameters, long calls) {
    }

    /** A candidate index: the table and its columns, in index order, and why. */
    private record Candidate(String schema, String table, List<String> columns, String reason, double scanRows,
                             double tableRows, boolean join) {
        String key() {
            return schema + "." + table + "(" + String.join(",", columns) + ")";
        }

        String definition() {
            List<String> quoted = columns.stream().map(TopQueriesTool::quote).toList();
            return "CREATE INDEX ON " + TopQueriesTool.quote(schema) + "." + TopQueriesTool.quote(table)
                    + " (" + String.join(", ", quoted) + ")";
        }
    }

    @Override
    public ToolResult call(ToolContext context) throws Exception {
        String sql = context.arguments().string("sql").orElse(null);
        boolean top = context.arguments().has("top_queries");
        if ((sql == null) == !top) {
            throw new ToolArgumentException("give either sql (one query) or top_queries (how many of the top statements)");
        }
        List<String> notes = new ArrayList<>();
        int version = (int) Insight.asLong(Insight.row(context, "SELECT current_setting('server_version_num')::int4 AS v",
                List.of()).get("v"));
        List<Workload> workload = new ArrayList<>();
        if (sql != null) {
            ValidatedStatement v = EngineAccess.of(context).executor().validated(sql, placeholders(sql));
            if (v.kind() == StatementKind.EXPLAIN) {
                throw new ToolArgumentException("sql: give the query without EXPLAIN");
            }
            if (v.parameterCount() > 0 && version < 160000) {
                throw new ToolArgumentException("sql: write the values into the query; planning a query with $n "
                        + "placeholders needs PostgreSQL 16 (EXPLAIN GENERIC_PLAN)");
            }
            workload.add(new Workload(v.sql(), v.parameterCount(), 1));
        } else {
            int n = context.arguments().integer("top_queries", 5, 1, 20);
            List<Map<String, Object>> queries;
            try {
                queries = TopQueriesTool.top(context, "total_exec_time", n);
            } catch (TopQueriesTool.Unavailable e) {
                Map<String, Object> content = new LinkedHashMap<>();
                content.put("hypopg", false);
                content.put("recommendations", List.of());
                content.put("statements", List.of());
                content.put("notes", List.of(e.getMessage()));
                return ToolResult.of(content, e.getMessage());
            }
            for (Map<String, Object> q : queries) {
                String text = String.valueOf(q.get("query"));
                try {
                    ValidatedStatement v = EngineAccess.of(context).executor().validated(text, placeholders(text));
                    if (v.kind() == StatementKind.EXPLAIN) {
                        continue;
                    }
                    if (v.parameterCount() > 0 && version < 160000) {
                        notes.add("skipped (its $n placeholders need PostgreSQL 16 to plan): " + abbreviate(text));
                        continue;
                    }
                    workload.add(new Workload(v.sql(), v.parameterCount(), Insight.asLong(q.get("calls"))));
                } catch (SqlRejectedException e) {
                    notes.add("skipped (" + e.getMessage() + "): " + abbreviate(text));
                }
            }
        }
        Map<String, Object> hypo = Insight.row(context, "SELECT n.nspname AS schema FROM pg_extension e "
                + "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'hypopg'", List.of());
        String hypopg = hypo.isEmpty() ? null : TopQueriesTool.quote((String) hypo.get("schema"));
        if (hypopg == null) {
            notes.add("hypopg is not installed in this database, so the candidates are unverified; with it (CREATE "
                    + "EXTENSION hypopg, e.g. Debian's postgresql-NN-hypopg) each is tried as a hypothetical index");
        }
        List<Map<String, Object>> statements = new ArrayList<>();
        Map<String, Map<String, Object>> recommendations = new LinkedHashMap<>();
        List<Candidate> unverified = new ArrayList<>();
        boolean[] usedHypopg = {hypopg != null};
        EngineAccess.of(context).executor().inReadOnlyTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false);
                for (Workload w : workload) {
                    Map<String, Object> st = new LinkedHashMap<>();
                    st.put("query", abbreviate(w.sql()));
                    statements.add(st);
                    JsonNode base;
                    // Each statement in a savepoint: one that fails (a timeout, an error of PostgreSQL's)
                    // leaves the transaction usable for the next.
                    s.execute("SAVEPOINT pgmcp_advice");
                    try {
                        base = explain(s, w, version);
                    } catch (SQLException e) {
                        rollbackTo(c);
                        st.put("error", e.getMessage());
                        continue;
                    }
                    double baseCost = Plans.totalCost(base);
                    st.put("cost", baseCost);
                    List<Candidate> candidates = candidates(c, base);
                    st.put("candidates", candidates.size());
                    if (!usedHypopg[0]) {
                        unverified.addAll(candidates);
                        s.execute("RELEASE SAVEPOINT pgmcp_advice");
                        continue;
                    }
                    try {
                        whatIf(c, s, hypopg, w, version, baseCost, candidates, recommendations);
                    } catch (SQLException e) {
                        rollbackTo(c);
                        usedHypopg[0] = false;
                        notes.add("hypopg failed (" + e.getMessage() + "); the candidates are unverified");
                        unverified.addAll(candidates);
                    } finally {
                        reset(c, hypopg);
                    }
                    s.execute("RELEASE SAVEPOINT pgmcp_advice");
                }
            }
            return null;
        });
        if (!unverified.isEmpty()) {
            unverifiedAdvice(context, unverified, recommendations, notes);
        }
        List<Map<String, Object>> recs = new ArrayList<>(recommendations.values());
        recs.sort((a, b) -> Double.compare(Insight.asDouble(b.getOrDefault("improvement_percent", 0.0)),
                Insight.asDouble(a.getOrDefault("improvement_percent", 0.0))));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("hypopg", usedHypopg[0]);
        content.put("recommendations", recs);
        content.put("statements", statements);
        content.put("notes", notes);
        StringBuilder text = new StringBuilder(ToolResult.UNTRUSTED_NOTICE).append('\n');
        text.append(recs.size()).append(" index(es) recommended from ").append(statements.size()).append(" statement(s)")
                .append(usedHypopg[0] ? ", verified with hypopg" : ", unverified (no hypopg)").append('\n');
        for (Map<String, Object> r : recs) {
            text.append(r.get("definition")).append(";  -- ").append(r.get("reason")).append('\n');
        }
        notes.forEach(n -> text.append("note: ").append(n).append('\n'));
        return ToolResult.of(content, text.toString().strip());
    }

    /** Tries each candidate as a hypothetical index and records those that pay. */
    private static void whatIf(Connection c, Statement s, String hypopg, Workload w, int version, double baseCost,
                               List<Candidate> candidates, Map<String, Map<String, Object>> recommendations)
            throws SQLException {
        for (Candidate cand : candidates) {
            long oid;
            String indexName;
            try (PreparedStatement create = c.prepareStatement("SELECT indexrelid, indexname FROM " + hypopg
                    + ".hypopg_create_index(?)")) {
                create.setString(1, cand.definition());
                try (ResultSet rs = create.executeQuery()) {
                    rs.next();
                    oid = rs.getLong(1);
                    indexName = rs.getString(2);
                }
            }
            JsonNode plan = explain(s, w, version);
            double cost = Plans.totalCost(plan);
            boolean[] used = {false};
            Plans.forEachNode(plan, n -> used[0] |= n.has("Index Name") && n.get("Index Name").asString().equals(indexName));
            long size;
            try (PreparedStatement sz = c.prepareStatement("SELECT " + hypopg + ".hypopg_relation_size(?::oid), "
                    + hypopg + ".hypopg_drop_index(?::oid)")) {
                sz.setLong(1, oid);
                sz.setLong(2, oid);
                try (ResultSet rs = sz.executeQuery()) {
                    rs.next();
                    size = rs.getLong(1);
                }
            }
            double improvement = baseCost <= 0 ? 0 : 100 * (baseCost - cost) / baseCost;
            if (!used[0] || improvement < MIN_IMPROVEMENT_PERCENT) {
                continue;
            }
            Map<String, Object> r = recommendations.get(cand.key());
            if (r == null || Insight.asDouble(r.get("improvement_percent")) < improvement) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("table", cand.schema() + "." + cand.table());
                m.put("columns", cand.columns());
                m.put("definition", cand.definition());
                m.put("verified", true);
                m.put("cost_before", baseCost);
                m.put("cost_after", cost);
                m.put("improvement_percent", Math.round(improvement * 10) / 10.0);
                m.put("estimated_size_bytes", size);
                m.put("statements", r == null ? 1 : Insight.asLong(r.get("statements")) + 1);
                m.put("reason", "plan cost " + Plans.fmt(baseCost) + " -> " + Plans.fmt(cost) + " ("
                        + Math.round(improvement) + " % less) with it, about " + dev.pgmcp.internal.tools.Render.bytes(size));
                recommendations.put(cand.key(), m);
            } else {
                r.put("statements", Insight.asLong(r.get("statements")) + 1);
            }
        }
    }

    /** Unverified advice: candidates on large tables with selective filters, with their pg_stats figures. */
    private static void unverifiedAdvice(ToolContext context, List<Candidate> candidates,
                                         Map<String, Map<String, Object>> recommendations, List<String> notes) {
        boolean statsReadable = true;
        for (Candidate cand : candidates) {
            if (recommendations.containsKey(cand.key()) || cand.tableRows() < MIN_ROWS) {
                continue;
            }
            double selectivity = cand.tableRows() <= 0 ? 1 : cand.scanRows() / cand.tableRows();
            if (!cand.join() && selectivity * 100 > MAX_SELECTIVITY_PERCENT) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", cand.schema() + "." + cand.table());
            m.put("columns", cand.columns());
            m.put("definition", cand.definition());
            m.put("verified", false);
            m.put("reason", cand.reason());
            if (statsReadable) {
                try {
                    m.put("column_stats", Insight.rows(context, "SELECT attname AS column, n_distinct::float8 AS n_distinct, "
                            + "null_frac::float8 AS null_frac, correlation::float8 AS correlation FROM pg_stats "
                            + "WHERE schemaname = $1 AND tablename = $2 AND attname = ANY (string_to_array($3, ','))",
                            List.of(cand.schema(), cand.table(), String.join(",", cand.columns()))));
                } catch (RuntimeException e) {
                    statsReadable = false;
                    notes.add("column statistics not shown: " + Insight.why(e));
                }
            }
            recommendations.put(cand.key(), m);
        }
    }

    /** @return the plan of the statement (EXPLAIN VERBOSE, FORMAT JSON; GENERIC_PLAN when it has placeholders) */
    private static JsonNode explain(Statement s, Workload w, int version) throws SQLException {
        String options = "VERBOSE, FORMAT JSON" + (w.parameters() > 0 ? ", GENERIC_PLAN" : "");
        try (ResultSet rs = s.executeQuery("EXPLAIN (" + options + ")\n" + w.sql() + "\n")) {
            rs.next();
            return Plans.document(JSON.readTree(rs.getString(1)));
        }
    }

    /**
     * Reads the candidates off a plan: for every sequential scan, its filter's columns (equality ones
     * first; together, and each alone) and the columns it is joined on; less those an existing valid
     * index of the table already starts with.
     */
    private static List<Candidate> candidates(Connection c, JsonNode plan) throws SQLException {
        List<String> joinConditions = new ArrayList<>();
        List<JsonNode> scans = new ArrayList<>();
        Plans.forEachNode(plan, n -> {
            for (String key : List.of("Hash Cond", "Merge Cond", "Join Filter")) {
                if (n.has(key)) {
                    joinConditions.add(n.get(key).asString());
                }
            }
            if ("Seq Scan".equals(n.path("Node Type").asString("")) && n.has("Relation Name") && n.has("Schema")) {
                scans.add(n);
            }
        });
        Map<String, Candidate> out = new LinkedHashMap<>();
        for (JsonNode scan : scans) {
            String schema = scan.get("Schema").asString();
            String table = scan.get("Relation Name").asString();
            String alias = scan.path("Alias").asString(table);
            Set<String> columns = columnsOf(c, schema, table);
            List<List<String>> existing = indexColumns(c, schema, table);
            double tableRows = tableRows(c, schema, table);
            double scanRows = scan.path("Plan Rows").asDouble();
            String qualified = TopQueriesTool.quote(schema) + "." + TopQueriesTool.quote(table);
            if (scan.has("Filter")) {
                String filter = scan.get("Filter").asString();
                List<String> equality = new ArrayList<>();
                List<String> other = new ArrayList<>();
                for (String col : referenced(filter, alias, columns)) {
                    (isEquality(filter, alias, col) ? equality : other).add(col);
                }
                List<String> all = new ArrayList<>(equality);
                all.addAll(other);
                String reason = "sequential scan of " + qualified + " (" + Math.round(tableRows) + " rows) keeps an estimated "
                        + Math.round(scanRows) + " row(s) with filter " + filter;
                if (all.size() > 1) {
                    add(out, existing, new Candidate(schema, table, all.subList(0, Math.min(3, all.size())), reason,
                            scanRows, tableRows, false));
                }
                for (String col : all) {
                    add(out, existing, new Candidate(schema, table, List.of(col), reason, scanRows, tableRows, false));
                }
            }
            for (String cond : joinConditions) {
                for (String col : referenced(cond, alias, columns)) {
                    add(out, existing, new Candidate(schema, table, List.of(col), "sequential scan of " + qualified
                            + " joined on " + cond, scanRows, tableRows, true));
                }
            }
        }
        return out.values().stream().limit(MAX_CANDIDATES).toList();
    }

    private static void add(Map<String, Candidate> out, List<List<String>> existing, Candidate c) {
        for (List<String> index : existing) {
            if (index.size() >= c.columns().size() && index.subList(0, c.columns().size()).equals(c.columns())) {
                return;
            }
        }
        out.putIfAbsent(c.key(), c);
    }

    /** @return the columns of the table that {@code expression} names as {@code alias.column}, in order of first mention */
    static List<String> referenced(String expression, String alias, Set<String> columns) {
        String bare = LITERAL.matcher(expression).replaceAll("''");
        Set<String> found = new LinkedHashSet<>();
        Matcher m = QUALIFIED.matcher(bare);
        while (m.find()) {
            if (unquote(m.group(1)).equals(alias) && columns.contains(unquote(m.group(2)))) {
                found.add(unquote(m.group(2)));
            }
        }
        return new ArrayList<>(found);
    }

    private static boolean isEquality(String expression, String alias, String column) {
        String ref = Pattern.quote(quoteIfNeeded(alias) + "." + quoteIfNeeded(column));
        return Pattern.compile(ref + "\\s*=(?![=>])|(?<![<>!=])=\\s*" + ref).matcher(expression).find();
    }

    private static String quoteIfNeeded(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : TopQueriesTool.quote(name);
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("\"") ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"") : identifier;
    }

    private static Set<String> columnsOf(Connection c, String schema, String table) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ? AND a.attnum > 0 "
                + "AND NOT a.attisdropped")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<List<String>> indexColumns(Connection c, String schema, String table) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT array_agg(a.attname::text ORDER BY k.i) "
                + "FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, i) JOIN pg_attribute a "
                + "ON a.attrelid = x.indrelid AND a.attnum = k.attnum) FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ? AND x.indisvalid")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.sql.Array a = rs.getArray(1);
                    if (a != null) {
                        out.add(List.of((String[]) a.getArray()));
                    }
                }
            }
        }
        return out;
    }

    private static double tableRows(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT greatest(t.reltuples, 0)::float8 FROM pg_class t "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : 0;
            }
        }
    }

    private static void rollbackTo(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK TO SAVEPOINT pgmcp_advice");
        } catch (SQLException ignored) {
            // The transaction is gone; reset() below starts from a rollback.
        }
    }

    /** Removes every hypothetical index of this session; they live in the backend, not in the transaction. */
    private static void reset(Connection c, String hypopg) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT " + hypopg + ".hypopg_reset()");
        }
    }

    /** @return the highest {@code $n} in the text (0 when none), as the validator and executor count them */
    private static int placeholders(String sql) {
        try {
            int max = 0;
            for (int n : PlaceholderRewriter.rewrite(sql).parameterOrder()) {
                max = Math.max(max, n);
            }
            return max;
        } catch (SqlRejectedException e) {
            return 0; // the validator reports what is wrong with the text
        }
    }

    private static String abbreviate(String sql) {
        String s = sql.replaceAll("\\s+", " ").strip();
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
