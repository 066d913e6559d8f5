package dev.pgmcp.bi;

import dev.pgmcp.spi.JsonSchemas;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the tools' output schemas and results they share: the customer summary
 * ({@code id, name, country, subscription_tier, mrr}) and the open ticket, so that every tool
 * describes a customer and a ticket the same way.
 */
final class Schemas {

    private Schemas() {
    }

    /** @return a schema of a non-negative whole number */
    static Map<String, Object> count(String description) {
        return JsonSchemas.integer(description, 0, Integer.MAX_VALUE, null);
    }

    /** @return a schema of a value of the type, or null */
    static Map<String, Object> nullable(String description, String type) {
        return JsonSchemas.any(description, type, "null");
    }

    /** @return an open object schema with the customer summary fields, for a tool to extend */
    static JsonSchemas.ObjectBuilder customer() {
        return JsonSchemas.object()
                .required("id", JsonSchemas.any("Customer id (the mapped id column's value)", "integer", "string"))
                .required("name", JsonSchemas.string("Company name"))
                .required("country", nullable("Country", "string"))
                .required("subscription_tier", nullable("Subscription tier, e.g. Enterprise", "string"))
                .required("mrr", nullable("Monthly recurring revenue, in euros", "number"))
                .additionalProperties(true);
    }

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

    /** @return an open ticket's schema: id, subject, status, priority, opening time and days open */
    static JsonSchemas.ObjectBuilder ticket() {
        return JsonSchemas.object()
                .required("ticket_id", JsonSchemas.any("Ticket id", "integer", "string"))
                .required("subject", nullable("One-line summary", "string"))
                .required("status", nullable("Stored status, one of the open statuses", "string"))
                .required("priority", nullable("High, Medium or Low; null for a priority value the mapping does not list", "string"))
                .required("created_at", nullable("When the ticket was opened (ISO-8601)", "string"))
                .required("days_open", nullable("Whole days since the ticket was opened (today's date minus the opening date)", "integer"))
                .additionalProperties(true);
    }

    /** @return an open ticket from row values in the order of {@link #ticket()} */
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

    /** @return the input schema of an amount in euros: a number {@code >= 0} with a default and examples */
    static Map<String, Object> amount(String description, BigDecimal fallback, Object... examples) {
        Map<String, Object> m = JsonSchemas.any(description, "number");
        m.put("minimum", 0);
        m.put("default", fallback);
        m.put("examples", List.of(examples));
        return m;
    }
}
