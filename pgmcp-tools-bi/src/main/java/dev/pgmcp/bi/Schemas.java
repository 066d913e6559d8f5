package dev.pgmcp.bi;

import dev.pgmcp.spi.JsonSchemas;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tools' output schemas and results share: the property types, the customer summary
 * ({@code id, name, country, subscription_tier, mrr}) and the open ticket, so that every tool
 * describes a customer and a ticket the same way.
 */
final class Schemas {

    private Schemas() {
    }

    /** A count: a whole number (no bounds, which would only add bytes to every tool list). */
    static final Map<String, Object> COUNT = JsonSchemas.type("integer");
    /** A text that may be null (a column the mapping reads may hold NULL). */
    static final Map<String, Object> TEXT = JsonSchemas.type("string", "null");
    /**
     * A list of objects (customers, tickets, factors...), typed as such: their fields are in every
     * result, and typing each one would cost more of the model's context than it tells it.
     */
    static final Map<String, Object> LIST = JsonSchemas.arrayOf(JsonSchemas.type("object"));

    /** @return the customer summary fields, in schema order (mrr from numeric text to a number) */
    static Map<String, Object> customer(Object id, Object name, Object country, Object tier, Object mrr) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", name);
        c.put("country", country);
        c.put("subscription_tier", tier);
        c.put("mrr", BiTool.decimal(mrr));
        return c;
    }

    /** @return the customer summary as text: {@code ASML Holding (#2, Netherlands, Enterprise, MRR 75000.00)} */
    static String line(Map<String, Object> customer) {
        Object mrr = customer.get("mrr");
        return BiTool.json(customer.get("name")) + " (#" + customer.get("id") + ", " + customer.get("country") + ", "
                + customer.get("subscription_tier") + ", MRR " + (mrr == null ? "-" : ((BigDecimal) mrr).toPlainString()) + ")";
    }

    /** @return an open ticket from row values in the order of {@link #ticketColumns()} */
    static Map<String, Object> ticket(List<Object> row, int from) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("ticket_id", row.get(from));
        t.put("subject", row.get(from + 1));
        t.put("status", row.get(from + 2));
        t.put("priority", row.get(from + 3));
        t.put("created_at", row.get(from + 4));
        t.put("days_open", row.get(from + 5));
        return t;
    }

    /** @return an open ticket as text: {@code #17 [High, Open, 12 days] "SSO login fails"} */
    static String ticketLine(Map<String, Object> t) {
        return "#" + t.get("ticket_id") + " [" + t.get("priority") + ", " + t.get("status") + ", "
                + BiTool.plural(t.get("days_open") == null ? 0 : ((Number) t.get("days_open")).longValue(), "day", "days")
                + "] " + BiTool.json(t.get("subject"));
    }

    /** @return the SQL select list of an open ticket, in the order of {@link #ticket(List, int)} */
    static String ticketColumns() {
        return "t.id, t.subject, t.status, t.priority, t.created_at, (current_date - t.created_at::date) AS days_open";
    }
}
