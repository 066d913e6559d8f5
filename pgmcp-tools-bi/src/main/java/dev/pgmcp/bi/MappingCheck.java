package dev.pgmcp.bi;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.ColumnInfo;
import dev.pgmcp.schema.RelationInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a {@link BiMapping} against a database's catalog (the cached {@link CatalogSnapshot} a tool
 * context gives, read from {@code pg_catalog}): both tables exist (tables or views the server lets
 * pgmcp see), and every mapped column exists in its table. Each problem names what is missing and the
 * nearest names that do exist, so that a typo is obvious.
 */
final class MappingCheck {

    /** How many candidate names a problem lists at most. */
    static final int CANDIDATES = 8;

    private MappingCheck() {
    }

    /**
     * The outcome of a check.
     *
     * @param resolved the mapping with the catalog's exact spelling of every name (the catalog forgives
     *                 a wrong letter case when only one name matches; SQL with quoted names does not)
     * @param problems one line per problem, empty when the mapping fits the catalog, e.g.
     *                 {@code table public.acounts (customers.table) not found; existing tables and views: public.accounts, ...}
     */
    record Result(BiMapping resolved, List<String> problems) {
    }

    /** @return the mapping resolved against the catalog, and every problem found */
    static Result check(BiMapping mapping, CatalogSnapshot catalog) {
        List<String> problems = new ArrayList<>();
        BiMapping.Builder resolved = mapping.toBuilder();
        check(mapping.customers(), "customers", BiMapping.CUSTOMER_KEYS, mapping::customerColumn, catalog, problems)
                .ifPresent(r -> {
                    resolved.customersTable(r.schema() + "." + r.name());
                    BiMapping.CUSTOMER_KEYS.forEach(k -> r.column(mapping.customerColumn(k))
                            .ifPresent(c -> resolved.customerColumn(k, c.name())));
                });
        check(mapping.tickets(), "tickets", BiMapping.TICKET_KEYS, mapping::ticketColumn, catalog, problems)
                .ifPresent(r -> {
                    resolved.ticketsTable(r.schema() + "." + r.name());
                    BiMapping.TICKET_KEYS.forEach(k -> r.column(mapping.ticketColumn(k))
                            .ifPresent(c -> resolved.ticketColumn(k, c.name())));
                });
        return new Result(resolved.source(mapping.source()).build(), List.copyOf(problems));
    }

    private static Optional<RelationInfo> check(BiMapping.Table table, String prefix, List<String> keys,
                                                java.util.function.Function<String, String> column,
                                                CatalogSnapshot catalog, List<String> problems) {
        Optional<RelationInfo> found = catalog.find(table.schema(), table.name());
        if (found.isEmpty()) {
            List<String> names = catalog.relations().stream().map(RelationInfo::qualifiedName).toList();
            problems.add("table " + table + " (" + prefix + ".table) not found; existing tables and views: "
                    + nearest(table.toString(), names));
            return found;
        }
        RelationInfo relation = found.get();
        List<String> columns = relation.columns().stream().map(ColumnInfo::name).toList();
        for (String key : keys) {
            String name = column.apply(key);
            if (relation.column(name).isEmpty()) {
                problems.add("column " + name + " (" + prefix + "." + key + ") not found in " + relation.qualifiedName()
                        + "; its columns: " + nearest(name, columns));
            }
        }
        return found;
    }

    /** @return up to {@link #CANDIDATES} names, nearest first (edit distance, case-insensitive), or {@code (none)} */
    static String nearest(String wanted, List<String> names) {
        if (names.isEmpty()) {
            return "(none)";
        }
        String w = wanted.toLowerCase(Locale.ROOT);
        List<String> sorted = names.stream()
                .sorted(Comparator.comparingInt((String n) -> distance(w, n.toLowerCase(Locale.ROOT))).thenComparing(n -> n))
                .limit(CANDIDATES).toList();
        return String.join(", ", sorted) + (names.size() > CANDIDATES ? ", ... (" + names.size() + " in all)" : "");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
