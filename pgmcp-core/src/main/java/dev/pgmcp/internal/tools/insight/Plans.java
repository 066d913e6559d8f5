package dev.pgmcp.internal.tools.insight;

import dev.pgmcp.internal.exec.JsonText;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads the plans PostgreSQL returns for {@code EXPLAIN (FORMAT JSON)}: an array holding one object
 * with a {@code Plan} (the root node, whose children are in {@code Plans}) and, with ANALYZE,
 * {@code Planning Time} and {@code Execution Time} in milliseconds.
 */
public final class Plans {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Plans() {
    }

    /**
     * @param explain the {@code json} value of an {@code EXPLAIN (FORMAT JSON)} row, as the executor
     *                reads it: a {@link JsonText}, or PostgreSQL's text in a string when a JSON reader
     *                would not read it exactly (a row estimate beyond 2^53), or a cut string; or a
     *                Jackson tree of it
     * @return the object around the root node ({@code Plan}, timings)
     * @throws IllegalArgumentException when the value is not such a plan (e.g. it was cut at the
     *                                  per-value cap)
     */
    public static JsonNode document(Object explain) {
        JsonNode n = explain instanceof JsonNode tree ? tree : null;
        if (explain instanceof JsonText || explain instanceof String) {
            try {
                // The plan's figures are read as doubles: exact enough for timings and costs.
                n = JSON.readTree(explain.toString());
            } catch (JacksonException cut) {
                n = null;
            }
        }
        if (n != null && n.isArray() && n.size() == 1 && n.get(0).has("Plan")) {
            return n.get(0);
        }
        throw new IllegalArgumentException("the plan is not PostgreSQL's EXPLAIN (FORMAT JSON) document; it may "
                + "exceed the per-value cap (PGMCP_MAX_CELL_BYTES)");
    }

    /** @return the root node's {@code Total Cost} (PostgreSQL's cost units), from {@link #document} */
    public static double totalCost(JsonNode document) {
        return document.get("Plan").path("Total Cost").asDouble();
    }

    /** @return a figure of the document, e.g. {@code Execution Time} in ms, or {@code null} when absent */
    public static Double figure(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }

    /** Calls {@code visit} for every node of the plan, root first, depth first. */
    public static void forEachNode(JsonNode document, Consumer<JsonNode> visit) {
        List<JsonNode> stack = new ArrayList<>();
        stack.add(document.get("Plan"));
        while (!stack.isEmpty()) {
            JsonNode node = stack.remove(stack.size() - 1);
            visit.accept(node);
            JsonNode children = node.get("Plans");
            if (children != null) {
                for (int i = children.size() - 1; i >= 0; i--) {
                    stack.add(children.get(i));
                }
            }
        }
    }

    /**
     * A compact text form of an analyzed plan, one node a line, indented by depth:
     * {@code Seq Scan on public.orders o  (cost=0.00..35.50 rows=10) (actual time=0.012..0.300 ms rows=9 loops=1)},
     * the node's filter, index condition and rows removed on the next lines, buffer figures when present, then
     * {@code Planning Time} and {@code Execution Time}.
     */
    public static String text(JsonNode document) {
        StringBuilder sb = new StringBuilder();
        node(sb, document.get("Plan"), 0);
        for (String t : List.of("Planning Time", "Execution Time")) {
            Double ms = figure(document, t);
            if (ms != null) {
                sb.append(t).append(": ").append(fmt(ms)).append(" ms\n");
            }
        }
        return sb.toString().strip();
    }

    private static void node(StringBuilder sb, JsonNode n, int depth) {
        String pad = "  ".repeat(depth);
        sb.append(pad).append(depth == 0 ? "" : "-> ").append(n.path("Node Type").asString(""));
        if (n.has("Relation Name")) {
            sb.append(" on ").append(n.has("Schema") ? n.get("Schema").asString() + "." : "")
                    .append(n.get("Relation Name").asString());
            if (n.has("Alias") && !n.get("Alias").asString().equals(n.get("Relation Name").asString())) {
                sb.append(' ').append(n.get("Alias").asString());
            }
        }
        if (n.has("Index Name")) {
            sb.append(" using ").append(n.get("Index Name").asString());
        }
        sb.append("  (cost=").append(fmt(n.path("Startup Cost").asDouble())).append("..")
                .append(fmt(n.path("Total Cost").asDouble())).append(" rows=").append(n.path("Plan Rows").asLong()).append(')');
        if (n.has("Actual Loops")) {
            if (n.has("Actual Total Time")) {
                sb.append(" (actual time=").append(fmt(n.path("Actual Startup Time").asDouble())).append("..")
                        .append(fmt(n.path("Actual Total Time").asDouble())).append(" ms");
            } else {
                sb.append(" (actual");
            }
            sb.append(" rows=").append(n.path("Actual Rows").asString("")).append(" loops=")
                    .append(n.path("Actual Loops").asLong()).append(')');
        }
        sb.append('\n');
        for (String key : List.of("Index Cond", "Recheck Cond", "Hash Cond", "Merge Cond", "Join Filter", "Filter")) {
            if (n.has(key)) {
                sb.append(pad).append("   ").append(key).append(": ").append(n.get(key).asString()).append('\n');
            }
        }
        for (String key : List.of("Rows Removed by Filter", "Rows Removed by Join Filter", "Rows Removed by Index Recheck")) {
            if (n.has(key) && n.get(key).asLong() > 0) {
                sb.append(pad).append("   ").append(key).append(": ").append(n.get(key).asLong()).append('\n');
            }
        }
        if (n.has("Shared Hit Blocks")) {
            sb.append(pad).append("   Buffers: shared hit=").append(n.path("Shared Hit Blocks").asLong())
                    .append(" read=").append(n.path("Shared Read Blocks").asLong()).append('\n');
        }
        JsonNode children = n.get("Plans");
        if (children != null) {
            for (JsonNode child : children) {
                node(sb, child, depth + 1);
            }
        }
    }

    /** @return a number with at most three decimals, without trailing zeros */
    static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
