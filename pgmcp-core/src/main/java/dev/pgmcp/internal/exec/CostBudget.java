package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.SqlRejectedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A database's cost budget: caller SQL whose plan PostgreSQL estimates above it is refused before it
 * runs. The estimate is the root node's {@code Total Cost} of {@code EXPLAIN (FORMAT JSON)}
 * (PostgreSQL's cost units: 1.0 is one sequential page read; see "Planner Cost Constants" in the
 * PostgreSQL documentation), asked in the caller's own READ ONLY transaction, so nothing of the
 * statement runs. The planner is fooled by some shapes (an unbounded {@code WITH RECURSIVE} is
 * estimated at a handful of units; a set-returning function in the select list at 1,000 rows per
 * call): those are bounded by {@code statement_timeout}, not by this budget.
 *
 * <p><b>Shapes judged cheap once.</b> Asking for the plan costs a round trip, which would be a large
 * share of a point query. So when a plan reads tables only (scans, joins, sorts, aggregates; no
 * function scan, set-returning function, recursive or common table expression, foreign or custom
 * scan) and its <em>worst case</em> stays within the budget, the statement's shape (its tokens with
 * literal values left out, see {@code VerdictCache}) is remembered as cheap, and later statements of
 * that shape run without the check. Why that holds for other literal values: the plan found for these
 * values is a valid plan for any others of the shape (its structure does not depend on them), and
 * PostgreSQL picks the plan it estimates cheapest, so whatever it picks then is estimated at most at
 * what this plan would cost with those values, which is at most this plan's worst case:
 * <ul>
 *   <li>a scan reads every row and page of its table ({@code pg_class.reltuples} and {@code relpages};
 *       a plan names a table without its schema, so the largest table of that name in any schema),
 *       except a lookup by one equality through a unique single-column index: one row
 *       ({@value #UNIQUE_LOOKUP_ROWS} with the descent);</li>
 *   <li>a join's rows are the product of its sides', an append's the sum of its members';</li>
 *   <li>a nested loop's inner side and a subplan run once per outer row;</li>
 *   <li>each node handles its rows plus one, at {@value #WORST_CASE_COST_PER_ROW} cost units a row
 *       (PostgreSQL's default constants charge at most 4 for a random page read, plus fractions for
 *       the tuple and its operators).</li>
 * </ul>
 * Where the plan's validity does depend on literal values, nothing is remembered: a partition or a
 * table with inheritance children or parents (which of them are read depends on the values), a
 * partial index (whether it may be used depends on them). A table never analyzed
 * ({@code reltuples = -1}) has no known size. Remembered shapes expire after
 * {@value #CHEAP_SHAPE_MINUTES} minutes, so a table that grew is sized again. A function declared
 * with a very high {@code COST}, or cost constants far above PostgreSQL's defaults, are not in the
 * worst case; the statement timeout bounds what they hide.
 *
 * <p>Thread-safe; one per database.
 */
final class CostBudget {

    /** No budget: nothing is checked. */
    static final CostBudget OFF = new CostBudget(0);

    /** Cost units a row of the worst case is charged (see the class comment). */
    static final double WORST_CASE_COST_PER_ROW = 10;

    /** How long a shape judged cheap is trusted before its tables are sized again. */
    static final long CHEAP_SHAPE_MINUTES = 10;

    /** Shapes remembered as cheap, at most; least recently used dropped first. */
    static final int MAX_CHEAP_SHAPES = 1_024;

    /** Plan nodes whose rows are bounded by tables' sizes or fixed by the statement's text. */
    private static final Set<String> BOUNDED_NODES = Set.of(
            "Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Bitmap Index Scan", "BitmapAnd",
            "BitmapOr", "Tid Scan", "Tid Range Scan", "Sample Scan", "Subquery Scan", "Values Scan", "Result",
            "Nested Loop", "Hash Join", "Merge Join", "Hash", "Materialize", "Memoize", "Sort", "Incremental Sort",
            "Aggregate", "Group", "WindowAgg", "Unique", "SetOp", "Append", "Merge Append", "Limit", "Gather",
            "Gather Merge");

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * What one lookup through a unique index by equality is charged, in rows: one row, plus the index
     * descent (PostgreSQL's default constants charge such a lookup about 8 to 10 units, whatever the
     * table's size).
     */
    static final double UNIQUE_LOOKUP_ROWS = 2;

    /** An index condition that is one equality ({@code (id = 5)}, {@code (id = t.customer_id)}), nothing nested. */
    private static final java.util.regex.Pattern ONE_EQUALITY = java.util.regex.Pattern.compile("\\([^()]* = [^()]*\\)");

    private final double maxCost;
    private final AtomicLong plansAsked = new AtomicLong();
    /** Shape → when it was judged cheap ({@link System#nanoTime()}). */
    private final Map<String, Long> cheapShapes = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_CHEAP_SHAPES;
        }
    };

    /** @param maxCost the budget in PostgreSQL's cost units; 0 or less turns the check off */
    CostBudget(double maxCost) {
        this.maxCost = maxCost > 0 ? maxCost : 0;
    }

    /** @return the budget in PostgreSQL's cost units, 0 when off */
    double maxCost() {
        return maxCost;
    }

    /** @return how many plans were asked for since start (for tests and metrics) */
    long plansAsked() {
        return plansAsked.get();
    }

    /**
     * @param shape the statement's shape, or {@code null} when not known
     * @return whether the statement's plan must be asked for before it runs
     */
    boolean needsCheck(String shape) {
        if (maxCost == 0) {
            return false;
        }
        if (shape == null) {
            return true;
        }
        synchronized (cheapShapes) {
            Long judged = cheapShapes.get(shape);
            if (judged == null) {
                return true;
            }
            if (System.nanoTime() - judged > TimeUnit.MINUTES.toNanos(CHEAP_SHAPE_MINUTES)) {
                cheapShapes.remove(shape);
                return true;
            }
            return false;
        }
    }

    /**
     * A relation a plan reads, as {@code pg_class} and {@code pg_index} describe it.
     *
     * @param tuples    {@code reltuples} (the largest of every schema's relation of that name)
     * @param pages     {@code relpages} (likewise)
     * @param uniqueKey for an index: unique, on one key column, in every schema that has one of that name
     */
    record Relation(double tuples, double pages, boolean uniqueKey) {
    }

    /** The relations a plan reads, asked of the database on the statement's connection. */
    interface TableSizes {
        /**
         * @param names table and index names as a plan gives them ({@code Relation Name},
         *              {@code Index Name}: without schema)
         * @return by name, the relations whose every schema's namesake is known; left out: a table never
         *         analyzed ({@code reltuples = -1}), a partition or a table with inheritance children or
         *         parents (which partitions a plan reads depends on the literal values), a partial index
         *         (whether the planner may use it depends on them too)
         */
        Map<String, Relation> of(Set<String> names) throws SQLException;
    }

    /**
     * Judges a statement by its plan: refuses it when the estimate exceeds the budget, and remembers
     * its shape as cheap when the worst case over its tables' sizes is within it.
     *
     * @param planJson the text of {@code EXPLAIN (FORMAT JSON)} of the statement
     * @param shape    the statement's shape, or {@code null}
     * @param sizes    asked only when the plan reads tables only
     * @throws SqlRejectedException (reason {@link SqlRejectedException.Reason#COST_BUDGET}) when the
     *                              estimate exceeds the budget
     * @throws SQLException         when asking for the sizes fails
     */
    void judge(String planJson, String shape, TableSizes sizes) throws SQLException {
        plansAsked.incrementAndGet();
        JsonNode root = root(planJson);
        if (root == null) {
            return; // not a plan (cannot happen with PostgreSQL's EXPLAIN); the statement timeout still holds
        }
        double cost = root.path("Total Cost").asDouble();
        if (cost > maxCost) {
            throw new SqlRejectedException(SqlRejectedException.Reason.COST_BUDGET, refusal(root, cost));
        }
        if (shape == null) {
            return;
        }
        double worst = worstCaseCost(root, sizes);
        if (!Double.isNaN(worst) && worst <= maxCost) {
            synchronized (cheapShapes) {
                cheapShapes.put(shape, System.nanoTime());
            }
        }
    }

    /**
     * @param planJson the text of {@code EXPLAIN (FORMAT JSON)}
     * @return the plan's worst-case cost whatever the literal values (see the class comment), or NaN
     *         when the plan reads anything but tables, or a table's size is unknown
     */
    static double worstCaseCost(String planJson, TableSizes sizes) throws SQLException {
        JsonNode root = root(planJson);
        return root == null ? Double.NaN : worstCaseCost(root, sizes);
    }

    private static double worstCaseCost(JsonNode root, TableSizes sizes) throws SQLException {
        Set<String> tables = new LinkedHashSet<>();
        if (!tablesOnly(root, tables)) {
            return Double.NaN;
        }
        Map<String, Relation> known = tables.isEmpty() ? Map.of() : sizes.of(tables);
        return work(root, known, 0) * WORST_CASE_COST_PER_ROW;
    }

    private static JsonNode root(String planJson) {
        try {
            JsonNode doc = JSON.readTree(planJson);
            return doc != null && doc.isArray() && doc.size() == 1 ? doc.get(0).get("Plan") : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private String refusal(JsonNode root, double cost) {
        double[] largest = {0};
        visit(root, n -> largest[0] = Math.max(largest[0], n.path("Plan Rows").asDouble()));
        return "PostgreSQL estimates this query at a cost of " + figure(cost) + " (about " + figure(largest[0])
                + " rows at its largest step), over this database's budget of " + figure(maxCost)
                + " (PGMCP_MAX_QUERY_COST); nothing ran. Narrow it: join tables on their keys rather than "
                + "pairing every row with every row, filter with WHERE, or aggregate fewer rows; get_table_stats "
                + "gives table sizes and explain_query shows the plan";
    }

    private static void visit(JsonNode node, java.util.function.Consumer<JsonNode> action) {
        action.accept(node);
        for (JsonNode child : node.path("Plans")) {
            visit(child, action);
        }
    }

    /** @return whether every node is bounded by tables or the text, collecting the tables scanned */
    private static boolean tablesOnly(JsonNode node, Set<String> tables) {
        if (!BOUNDED_NODES.contains(node.path("Node Type").asText())) {
            return false;
        }
        if (node.has("Relation Name")) {
            tables.add(node.get("Relation Name").asText());
        }
        if (node.has("Index Name")) {
            tables.add(node.get("Index Name").asText());
        }
        for (JsonNode child : node.path("Plans")) {
            if (!tablesOnly(child, tables)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The worst-case rows a node and its children handle, whatever the literal values: a scan reads its
     * whole table (rows plus pages); a join's rows are the product of its sides'; a nested loop runs its
     * inner side once per outer row; a subplan runs once per row of its node.
     *
     * @param scanned the rows of the table a bitmap index scan's heap scan reads (0 elsewhere)
     * @return the rows, or NaN when a table's size is unknown
     */
    private static double work(JsonNode node, Map<String, Relation> sizes, double scanned) {
        double rows = rows(node, sizes, scanned);
        double total = rows + 1; // a node costs something even when it returns nothing
        JsonNode outer = null;
        for (JsonNode child : node.path("Plans")) {
            if ("Outer".equals(child.path("Parent Relationship").asText())) {
                outer = child;
            }
        }
        double outerRows = outer == null ? 1 : rows(outer, sizes, scanned);
        String type = node.path("Node Type").asText();
        double heap = node.has("Relation Name") ? rows : scanned;
        for (JsonNode child : node.path("Plans")) {
            double w = work(child, sizes, heap);
            String relationship = child.path("Parent Relationship").asText();
            if ("SubPlan".equals(relationship)) {
                w *= Math.max(1, rows);
            } else if ("Inner".equals(relationship) && "Nested Loop".equals(type)) {
                w *= Math.max(1, outerRows);
            }
            total += w;
        }
        return total;
    }

    private static double rows(JsonNode node, Map<String, Relation> sizes, double scanned) {
        String type = node.path("Node Type").asText();
        if (node.has("Relation Name")) {
            Relation table = sizes.get(node.get("Relation Name").asText());
            if (table == null) {
                return Double.NaN;
            }
            if (node.has("Index Name")) {
                Relation index = sizes.get(node.get("Index Name").asText());
                if (index == null) {
                    return Double.NaN;
                }
                if (index.uniqueKey() && oneEquality(node.path("Index Cond").asText(""))) {
                    return UNIQUE_LOOKUP_ROWS;
                }
            }
            return Math.max(1, table.tuples()) + table.pages();
        }
        if (type.startsWith("Bitmap")) {
            if (node.has("Index Name") && sizes.get(node.get("Index Name").asText()) == null) {
                return Double.NaN;
            }
            return scanned; // at most the rows of the table its heap scan reads
        }
        double product = 1;
        double sum = 0;
        double max = 0;
        boolean children = false;
        for (JsonNode child : node.path("Plans")) {
            String relationship = child.path("Parent Relationship").asText();
            if ("SubPlan".equals(relationship) || "InitPlan".equals(relationship)) {
                continue;
            }
            children = true;
            double r = rows(child, sizes, scanned);
            product *= Math.max(1, r);
            sum += r;
            max = Math.max(max, r);
        }
        if (!children) {
            // A Values Scan or a Result without input: its rows are written in the statement's text.
            return Math.max(1, node.path("Plan Rows").asDouble());
        }
        return switch (type) {
            case "Nested Loop", "Hash Join", "Merge Join" -> product;
            case "Append", "Merge Append", "SetOp" -> sum;
            default -> max;
        };
    }

    /**
     * @return whether an index scan's condition is a single equality, so that a unique index returns at
     *         most one row whatever the value: not {@code = ANY (array)}, whose array is one literal of
     *         any length
     */
    static boolean oneEquality(String indexCond) {
        return ONE_EQUALITY.matcher(indexCond).matches() && !indexCond.contains(" ANY ") && !indexCond.contains(" ALL ");
    }

    /**
     * @param value a cost or row estimate (not negative)
     * @return the value rounded half-even to a whole number, with commas between groups of three
     *         digits, e.g. {@code 900,002,000}, as {@link java.text.DecimalFormat} with {@code #,##0} writes it.
     *         By hand, because DecimalFormat's first use in a process loads the locale data (25 to 30 ms on a
     *         small machine), which a server's first refusal would pay.
     */
    static String figure(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        String digits = java.math.BigDecimal.valueOf(value).setScale(0, java.math.RoundingMode.HALF_EVEN).toPlainString();
        StringBuilder sb = new StringBuilder(digits.length() + digits.length() / 3);
        int first = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        sb.append(digits, 0, first);
        for (int i = first; i < digits.length(); i += 3) {
            sb.append(',').append(digits, i, i + 3);
        }
        return sb.toString();
    }
}
