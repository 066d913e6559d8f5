package dev.pgmcp.bi;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.settings.Setting;
import dev.pgmcp.settings.Settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Where the business-intelligence tools find customers and support tickets in a database: two
 * tables, their columns, which ticket status values mean "open" (unresolved), and which priority
 * values mean High, Medium and Low. Without a mapping the tools use the demo schema's names
 * ({@link #DEMO}).
 *
 * <p>Build one in code ({@link #builder()}, starting from the demo names) or read a
 * {@code .properties} file ({@link #load(Path)}); the launcher reads the file named by
 * {@code PGMCP_BI_MAPPING}. Keys (every one optional; an unset key keeps the demo name):
 *
 * <pre>
 * customers.table    = public.customers      (schema.table; without a schema: public)
 * customers.id       = id
 * customers.name     = name
 * customers.email    = email
 * customers.country  = country
 * customers.tier     = subscription_tier
 * customers.mrr      = mrr                   (monthly recurring revenue, a number)
 * customers.created  = created_at            (sign-up date or time stamp)
 * tickets.table      = public.support_tickets
 * tickets.id         = id
 * tickets.customer   = customer_id           (references customers.id)
 * tickets.subject    = subject
 * tickets.status     = status
 * tickets.priority   = priority
 * tickets.created    = created_at
 * tickets.resolved   = resolved_at
 * status.open        = Open, In Progress     (comma-separated status values meaning unresolved)
 * priority.high      = High                  (comma-separated stored values for each priority)
 * priority.medium    = Medium
 * priority.low       = Low
 * </pre>
 *
 * <p>Names are catalog names exactly as stored (unquoted identifiers are lower case); the tools quote
 * them, so any name works. Values are compared as text, case-sensitively. An unknown key, an empty
 * value or a priority value listed twice is refused with a {@link ConfigException}. Whether the
 * tables and columns exist is checked against the live catalog at start-up ({@link MappingCheck}).
 */
public final class BiMapping {

    /** The setting naming the mapping file ({@code PGMCP_BI_MAPPING}). */
    public static final String SETTING = Setting.BI_MAPPING.env();

    /** The demo schema's names ({@code dev.pgmcp.bi.demo.DemoDataset}). */
    public static final BiMapping DEMO = new Builder().build();

    /** A table, schema-qualified. */
    public record Table(String schema, String name) {
        public Table {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(name, "name");
        }

        /** @return {@code schema.name} as written in a mapping, e.g. {@code public.customers} */
        @Override
        public String toString() {
            return schema + "." + name;
        }
    }

    /** The customer columns the tools read, by mapping key. */
    static final List<String> CUSTOMER_KEYS = List.of("id", "name", "email", "country", "tier", "mrr", "created");
    /** The ticket columns the tools read, by mapping key. */
    static final List<String> TICKET_KEYS = List.of("id", "customer", "subject", "status", "priority", "created", "resolved");

    private final Table customers;
    private final Map<String, String> customerColumns;
    private final Table tickets;
    private final Map<String, String> ticketColumns;
    private final List<String> openStatuses;
    private final List<String> high;
    private final List<String> medium;
    private final List<String> low;
    private final String source;

    private BiMapping(Builder b) {
        this.customers = b.customers;
        this.customerColumns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.customerColumns));
        this.tickets = b.tickets;
        this.ticketColumns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.ticketColumns));
        this.openStatuses = List.copyOf(b.openStatuses);
        this.high = List.copyOf(b.high);
        this.medium = List.copyOf(b.medium);
        this.low = List.copyOf(b.low);
        this.source = b.source;
    }

    /** @return a builder holding this mapping's names and values (and its source) */
    Builder toBuilder() {
        Builder b = new Builder().source(source);
        b.customers = customers;
        b.customerColumns.putAll(customerColumns);
        b.tickets = tickets;
        b.ticketColumns.putAll(ticketColumns);
        b.openStatuses = openStatuses;
        b.high = high;
        b.medium = medium;
        b.low = low;
        return b;
    }

    /** @return a builder holding the demo names, to change what differs */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a mapping file (UTF-8 {@code .properties}, keys as in the class description).
     *
     * @param file the file
     * @return the mapping; keys the file does not set keep the demo names
     * @throws ConfigException naming {@code PGMCP_BI_MAPPING} when the file cannot be read or a key or value is invalid
     */
    public static BiMapping load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(SETTING, "cannot read the mapping file " + file + ": " + e.getMessage());
        }
        return fromProperties(p, SETTING + "=" + file);
    }

    /**
     * @param settings the settings in force, e.g. {@code Settings.load(System.getenv())}
     * @return the mapping of the file {@code PGMCP_BI_MAPPING} names, or {@link #DEMO} when it is unset or blank
     * @throws ConfigException when the file cannot be read or is invalid
     */
    public static BiMapping from(Settings settings) {
        return settings.path(SETTING).map(BiMapping::load).orElse(DEMO);
    }

    /**
     * @param p      mapping keys and values (see the class description)
     * @param source where they come from, for messages (e.g. the file)
     * @return the mapping
     * @throws ConfigException naming {@code PGMCP_BI_MAPPING} for an unknown key or an invalid value
     */
    public static BiMapping fromProperties(Properties p, String source) {
        Builder b = new Builder().source(source);
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            String value = p.getProperty(key).trim();
            if (value.isEmpty()) {
                throw new ConfigException(SETTING, source + ": " + key + " is empty");
            }
            String[] parts = key.split("\\.", 2);
            try {
                if (key.equals("customers.table")) {
                    b.customersTable(value);
                } else if (key.equals("tickets.table")) {
                    b.ticketsTable(value);
                } else if (parts.length == 2 && parts[0].equals("customers") && CUSTOMER_KEYS.contains(parts[1])) {
                    b.customerColumn(parts[1], value);
                } else if (parts.length == 2 && parts[0].equals("tickets") && TICKET_KEYS.contains(parts[1])) {
                    b.ticketColumn(parts[1], value);
                } else if (key.equals("status.open")) {
                    b.openStatuses(list(value));
                } else if (key.equals("priority.high")) {
                    b.highPriorities(list(value));
                } else if (key.equals("priority.medium")) {
                    b.mediumPriorities(list(value));
                } else if (key.equals("priority.low")) {
                    b.lowPriorities(list(value));
                } else {
                    throw new IllegalArgumentException("unknown key " + key + " (known: customers.table, customers."
                            + String.join("|", CUSTOMER_KEYS) + ", tickets.table, tickets." + String.join("|", TICKET_KEYS)
                            + ", status.open, priority.high, priority.medium, priority.low)");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SETTING, source + ": " + e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SETTING, source + ": " + e.getMessage());
        }
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** @return the customers table */
    public Table customers() {
        return customers;
    }

    /**
     * @param key one of {@code id, name, email, country, tier, mrr, created}
     * @return the column's name in the customers table
     */
    public String customerColumn(String key) {
        return Objects.requireNonNull(customerColumns.get(key), key);
    }

    /** @return the support tickets table */
    public Table tickets() {
        return tickets;
    }

    /**
     * @param key one of {@code id, customer, subject, status, priority, created, resolved}
     * @return the column's name in the tickets table
     */
    public String ticketColumn(String key) {
        return Objects.requireNonNull(ticketColumns.get(key), key);
    }

    /** @return the status values meaning open (unresolved) */
    public List<String> openStatuses() {
        return openStatuses;
    }

    /** @return the stored priority values meaning High */
    public List<String> highPriorities() {
        return high;
    }

    /** @return the stored priority values meaning Medium */
    public List<String> mediumPriorities() {
        return medium;
    }

    /** @return the stored priority values meaning Low */
    public List<String> lowPriorities() {
        return low;
    }

    /** @return where the mapping comes from: {@code demo schema}, {@code PGMCP_BI_MAPPING=<file>} or {@code builder} */
    public String source() {
        return source;
    }

    /** @return whether this is the demo schema's mapping (nobody configured one) */
    public boolean isDemo() {
        return this == DEMO;
    }

    @Override
    public String toString() {
        return "BiMapping[" + source + ": " + customers + " " + customerColumns + ", " + tickets + " " + ticketColumns
                + ", open=" + openStatuses + ", high=" + high + ", medium=" + medium + ", low=" + low + "]";
    }

    /** Builds a {@link BiMapping}, starting from the demo names. */
    public static final class Builder {
        private Table customers = new Table("public", "customers");
        private final Map<String, String> customerColumns = new LinkedHashMap<>();
        private Table tickets = new Table("public", "support_tickets");
        private final Map<String, String> ticketColumns = new LinkedHashMap<>();
        private List<String> openStatuses = List.of("Open", "In Progress");
        private List<String> high = List.of("High");
        private List<String> medium = List.of("Medium");
        private List<String> low = List.of("Low");
        private String source = "demo schema";

        private Builder() {
            customerColumns.put("id", "id");
            customerColumns.put("name", "name");
            customerColumns.put("email", "email");
            customerColumns.put("country", "country");
            customerColumns.put("tier", "subscription_tier");
            customerColumns.put("mrr", "mrr");
            customerColumns.put("created", "created_at");
            ticketColumns.put("id", "id");
            ticketColumns.put("customer", "customer_id");
            ticketColumns.put("subject", "subject");
            ticketColumns.put("status", "status");
            ticketColumns.put("priority", "priority");
            ticketColumns.put("created", "created_at");
            ticketColumns.put("resolved", "resolved_at");
        }

        /** @param table {@code schema.table}, or {@code table} for {@code public.table} */
        public Builder customersTable(String table) {
            this.customers = table(table);
            return changed();
        }

        /** @param table {@code schema.table}, or {@code table} for {@code public.table} */
        public Builder ticketsTable(String table) {
            this.tickets = table(table);
            return changed();
        }

        /**
         * @param key    one of {@code id, name, email, country, tier, mrr, created}
         * @param column the column's name
         * @throws IllegalArgumentException for another key or a blank name
         */
        public Builder customerColumn(String key, String column) {
            put(customerColumns, CUSTOMER_KEYS, "customers", key, column);
            return changed();
        }

        /**
         * @param key    one of {@code id, customer, subject, status, priority, created, resolved}
         * @param column the column's name
         * @throws IllegalArgumentException for another key or a blank name
         */
        public Builder ticketColumn(String key, String column) {
            put(ticketColumns, TICKET_KEYS, "tickets", key, column);
            return changed();
        }

        /** @param values the status values meaning open (unresolved); at least one */
        public Builder openStatuses(List<String> values) {
            this.openStatuses = values(values, "status.open");
            return changed();
        }

        /** @param values the stored priority values meaning High; at least one */
        public Builder highPriorities(List<String> values) {
            this.high = values(values, "priority.high");
            return changed();
        }

        /** @param values the stored priority values meaning Medium; at least one */
        public Builder mediumPriorities(List<String> values) {
            this.medium = values(values, "priority.medium");
            return changed();
        }

        /** @param values the stored priority values meaning Low; at least one */
        public Builder lowPriorities(List<String> values) {
            this.low = values(values, "priority.low");
            return changed();
        }

        Builder source(String source) {
            this.source = source;
            return this;
        }

        private Builder changed() {
            if (source.equals("demo schema")) {
                source = "builder";
            }
            return this;
        }

        /**
         * @return the mapping
         * @throws IllegalArgumentException when a stored priority value is listed under two priorities
         */
        public BiMapping build() {
            List<String> all = new ArrayList<>(high);
            all.addAll(medium);
            all.addAll(low);
            if (new TreeSet<>(all).size() != all.size()) {
                throw new IllegalArgumentException("a priority value is listed twice in priority.high/medium/low: " + all);
            }
            return new BiMapping(this);
        }

        private static Table table(String value) {
            String v = value == null ? "" : value.trim();
            int dot = v.indexOf('.');
            Table t = dot < 0 ? new Table("public", v) : new Table(v.substring(0, dot).trim(), v.substring(dot + 1).trim());
            if (t.schema().isEmpty() || t.name().isEmpty() || t.name().contains(".")) {
                throw new IllegalArgumentException("'" + value + "' is not a table name (table or schema.table)");
            }
            return t;
        }

        private static void put(Map<String, String> columns, List<String> keys, String table, String key, String column) {
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("unknown key " + table + "." + key + " (known: " + keys + ")");
            }
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException(table + "." + key + " is empty");
            }
            columns.put(key, column.trim());
        }

        private static List<String> values(List<String> values, String key) {
            List<String> v = values == null ? List.of() : values.stream().filter(Objects::nonNull).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
            if (v.isEmpty()) {
                throw new IllegalArgumentException(key + " needs at least one value");
            }
            return v;
        }
    }
}
