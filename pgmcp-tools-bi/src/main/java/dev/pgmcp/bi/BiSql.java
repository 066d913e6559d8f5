package dev.pgmcp.bi;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL every business-intelligence tool starts with: two common table expressions, {@code c}
 * (customers) and {@code t} (tickets), that present the mapped tables under canonical names, so that
 * each tool's own query is written once against
 *
 * <pre>
 * c(id, name, email, country, tier, mrr, created_at)
 * t(id, customer_id, subject, status, priority, open, created_at, resolved_at)
 * </pre>
 *
 * where {@code t.priority} is {@code 'High'}, {@code 'Medium'}, {@code 'Low'} or NULL (a stored value
 * the mapping does not list) and {@code t.open} says whether the status is one of the mapping's open
 * statuses. Table and column names come from the mapping (checked against the catalog) and are
 * quoted; the status and priority vocabularies are bound as the parameters {@code $1..$4}, so a
 * tool's own parameters start at {@value #FIRST_PARAMETER}. The expressions are {@code NOT
 * MATERIALIZED}, so PostgreSQL plans each query on the real tables and their indexes.
 */
final class BiSql {

    /** The number of a tool's first own parameter ({@code $5}). */
    static final int FIRST_PARAMETER = 5;

    private final String prelude;
    private final List<Object> parameters;

    BiSql(BiMapping m) {
        String ticketPriority = "y." + quote(m.ticketColumn("priority")) + "::text";
        this.prelude = "WITH c AS NOT MATERIALIZED (SELECT"
                + " x." + quote(m.customerColumn("id")) + " AS id,"
                + " x." + quote(m.customerColumn("name")) + "::text AS name,"
                + " x." + quote(m.customerColumn("email")) + "::text AS email,"
                + " x." + quote(m.customerColumn("country")) + "::text AS country,"
                + " x." + quote(m.customerColumn("tier")) + "::text AS tier,"
                + " x." + quote(m.customerColumn("mrr")) + "::numeric AS mrr,"
                + " x." + quote(m.customerColumn("created")) + "::timestamp AS created_at"
                + " FROM " + quote(m.customers()) + " x),\n"
                + "t AS NOT MATERIALIZED (SELECT"
                + " y." + quote(m.ticketColumn("id")) + " AS id,"
                + " y." + quote(m.ticketColumn("customer")) + " AS customer_id,"
                + " y." + quote(m.ticketColumn("subject")) + "::text AS subject,"
                + " y." + quote(m.ticketColumn("status")) + "::text AS status,"
                + " CASE WHEN " + ticketPriority + " = ANY ($1::text[]) THEN 'High'"
                + " WHEN " + ticketPriority + " = ANY ($2::text[]) THEN 'Medium'"
                + " WHEN " + ticketPriority + " = ANY ($3::text[]) THEN 'Low' END AS priority,"
                + " coalesce(y." + quote(m.ticketColumn("status")) + "::text = ANY ($4::text[]), false) AS open,"
                + " y." + quote(m.ticketColumn("created")) + "::timestamp AS created_at,"
                + " y." + quote(m.ticketColumn("resolved")) + "::timestamp AS resolved_at"
                + " FROM " + quote(m.tickets()) + " y)\n";
        this.parameters = List.of(m.highPriorities().toArray(new String[0]), m.mediumPriorities().toArray(new String[0]),
                m.lowPriorities().toArray(new String[0]), m.openStatuses().toArray(new String[0]));
    }

    /**
     * @param query the tool's query on {@code c} and {@code t} (a SELECT, or further CTEs starting
     *              with a comma), using {@code $5..} for its own values
     * @return the whole statement
     */
    String statement(String query) {
        return prelude + query;
    }

    /** @return the vocabulary parameters ($1..$4) followed by the tool's own values */
    List<Object> parameters(Object... own) {
        List<Object> all = new ArrayList<>(parameters);
        all.addAll(java.util.Arrays.asList(own));
        return all;
    }

    /** @return a double-quoted identifier (embedded quotes doubled), safe for any name */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String quote(BiMapping.Table table) {
        return quote(table.schema()) + "." + quote(table.name());
    }
}
