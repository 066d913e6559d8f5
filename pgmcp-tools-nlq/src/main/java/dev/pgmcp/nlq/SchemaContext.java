package dev.pgmcp.nlq;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.ColumnInfo;
import dev.pgmcp.schema.ForeignKeyInfo;
import dev.pgmcp.schema.RelationInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Picks the tables and views of a catalog that a question is most likely about, and describes them for
 * a prompt within a token budget: a database with hundreds of tables does not fit in a prompt.
 *
 * <p>Each relation is scored against the question's words (lower-cased, crudely singularised, stop
 * words dropped): matches in the relation's name count most, then its column names, then its comment
 * and column comments. A relation then gains part of the score of its foreign-key neighbours (both
 * directions), and more when it links two or more scored relations (a bridge such as
 * {@code order_details} between {@code orders} and {@code products}), so that join paths come along.
 * Relations are then described best first, each as long as it fits in what remains of the budget
 * (in full, else names and types only, else left out); relations that score nothing come last, so a
 * small schema is offered whole.
 *
 * <p>Partitions are folded into their partitioned table (whose description gives its partition key and the
 * number of partitions: a query reads the partitioned table), and materialized views that are not populated
 * are left out (reading one fails until it is refreshed).
 *
 * <p>Tokens are estimated as characters / 4 (rounded up), the usual rule of thumb for English and SQL
 * with GPT-style tokenizers. Stateless and thread-safe.
 */
final class SchemaContext {

    /** Relation comments and column comments are cut to this many characters in a description. */
    static final int MAX_COMMENT_CHARS = 160;

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "of", "in", "on", "at", "to", "for",
            "by", "with", "and", "or", "is", "are", "was", "were", "be", "been", "do", "does", "did", "have", "has",
            "had", "what", "which", "who", "whom", "whose", "how", "many", "much", "me", "show", "list", "give",
            "find", "get", "all", "each", "every", "per", "from", "that", "this", "these", "those", "there", "their",
            "it", "its", "as", "than", "then", "most", "more", "less", "least", "top", "number", "count", "total",
            "average", "avg", "sum", "max", "min", "we", "our", "us", "i", "my", "you", "your", "any", "not", "no",
            "between", "over", "under", "into", "out", "up", "down", "ever", "never", "only", "also", "where",
            "when", "why", "id", "name", "names", "data", "table", "tables", "row", "rows", "value", "values");

    /**
     * Everyday words for what business schemas name otherwise: a question about "sales" is about orders,
     * one about "shipped" goods about shipping. Each maps to the word as a table or column would spell it.
     */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("sold", "order"), Map.entry("sell", "order"), Map.entry("selling", "order"),
            Map.entry("sale", "order"), Map.entry("revenue", "order"), Map.entry("purchase", "order"),
            Map.entry("purchased", "order"), Map.entry("bought", "order"), Map.entry("ordered", "order"),
            Map.entry("shipped", "ship"), Map.entry("shipping", "ship"), Map.entry("shipment", "ship"),
            Map.entry("delivered", "ship"), Map.entry("delivery", "ship"),
            Map.entry("client", "customer"), Map.entry("buyer", "customer"),
            Map.entry("staff", "employee"), Map.entry("salesperson", "employee"), Map.entry("salespeople", "employee"),
            Map.entry("rep", "employee"), Map.entry("worker", "employee"), Map.entry("hired", "hire"),
            Map.entry("item", "product"), Map.entry("good", "product"), Map.entry("vendor", "supplier"),
            Map.entry("supplied", "supplier"), Map.entry("supply", "supplier"), Map.entry("cost", "price"),
            Map.entry("priced", "price"), Map.entry("discounted", "discount"));

    private SchemaContext() {
    }

    /**
     * What a prompt is given about the schema.
     *
     * @param offered the relations described, best first, as {@code schema.name}
     * @param text    their description for the prompt
     * @param tokens  the estimated tokens of {@code text}
     * @param total   how many relations the catalog has
     */
    public record Selection(List<String> offered, String text, int tokens, int total) {
        public Selection {
            offered = List.copyOf(offered);
        }
    }

    /**
     * @param catalog  the database's catalog
     * @param question the user's question
     * @param budget   the most tokens the description may take (estimated), at least 1
     * @return the relations offered and their description; empty when the catalog has no relations
     */
    public static Selection select(CatalogSnapshot catalog, String question, int budget) {
        List<RelationInfo> ranked = rank(catalog, question);
        StringBuilder text = new StringBuilder();
        List<String> offered = new ArrayList<>();
        int used = 0;
        for (RelationInfo r : ranked) {
            String full = describe(r, true);
            int cost = tokens(full);
            if (used + cost > budget) {
                full = describe(r, false);
                cost = tokens(full);
                if (used + cost > budget) {
                    continue;
                }
            }
            text.append(full);
            used += cost;
            offered.add(r.qualifiedName());
        }
        return new Selection(offered, text.toString(), tokens(text.toString()), catalog.relations().size());
    }

    /**
     * @return whether a relation is offered at all: not a partition (its partitioned table stands for it), not a
     *         materialized view that is not populated
     */
    static boolean offered(RelationInfo r) {
        return r.partitionOf() == null && r.populated();
    }

    /**
     * @return every offered relation ({@link #offered}), most relevant to the question first (ties: more foreign
     *         keys, then name)
     */
    static List<RelationInfo> rank(CatalogSnapshot catalog, String question) {
        Set<String> terms = new LinkedHashSet<>();
        for (String t : terms(question)) {
            terms.add(t);
            if (SYNONYMS.containsKey(t)) {
                terms.add(SYNONYMS.get(t));
            }
        }
        String phrase = " " + String.join(" ", words(question)) + " ";
        Map<String, Double> own = new HashMap<>();
        Map<String, Set<String>> neighbours = new HashMap<>();
        for (RelationInfo r : catalog.relations()) {
            own.put(r.qualifiedName(), score(r, terms, phrase));
            for (ForeignKeyInfo fk : r.foreignKeys()) {
                String other = fk.referencedQualifiedName();
                if (catalog.find(fk.referencedSchema(), fk.referencedTable()).isPresent() && !other.equals(r.qualifiedName())) {
                    neighbours.computeIfAbsent(r.qualifiedName(), k -> new HashSet<>()).add(other);
                    neighbours.computeIfAbsent(other, k -> new HashSet<>()).add(r.qualifiedName());
                }
            }
        }
        Map<String, Double> total = new HashMap<>();
        for (RelationInfo r : catalog.relations()) {
            String name = r.qualifiedName();
            double best = 0;
            int scoredNeighbours = 0;
            for (String n : neighbours.getOrDefault(name, Set.of())) {
                double s = own.getOrDefault(n, 0.0);
                best = Math.max(best, s);
                if (s >= 5) {
                    scoredNeighbours++;
                }
            }
            double bridge = scoredNeighbours >= 2 ? 6 * (scoredNeighbours - 1) : 0;
            total.put(name, own.get(name) + 0.3 * best + bridge);
        }
        List<RelationInfo> ranked = new ArrayList<>(catalog.relations().stream().filter(SchemaContext::offered).toList());
        ranked.sort(Comparator.<RelationInfo>comparingDouble(r -> -total.get(r.qualifiedName()))
                .thenComparing(r -> -neighbours.getOrDefault(r.qualifiedName(), Set.of()).size())
                .thenComparing(RelationInfo::qualifiedName));
        return ranked;
    }

    private static double score(RelationInfo r, Set<String> terms, String phrase) {
        double s = 0;
        Set<String> nameTerms = terms(r.name());
        for (String t : nameTerms) {
            if (terms.contains(t)) {
                s += 10;
            }
        }
        // The whole multi-word name in the question ("order details") is a strong signal.
        if (nameTerms.size() > 1 && phrase.contains(" " + String.join(" ", words(r.name())) + " ")) {
            s += 8;
        }
        Set<String> columnHits = new HashSet<>();
        Set<String> commentHits = new HashSet<>();
        for (ColumnInfo c : r.columns()) {
            for (String t : terms(c.name())) {
                if (terms.contains(t) && !nameTerms.contains(t)) {
                    columnHits.add(t);
                }
            }
            if (c.comment() != null) {
                for (String t : terms(c.comment())) {
                    if (terms.contains(t)) {
                        commentHits.add(t);
                    }
                }
            }
        }
        if (r.comment() != null) {
            for (String t : terms(r.comment())) {
                if (terms.contains(t)) {
                    commentHits.add(t);
                }
            }
        }
        commentHits.removeAll(columnHits);
        commentHits.removeAll(nameTerms);
        return s + 4 * columnHits.size() + 1.5 * commentHits.size();
    }

    /** @return the description of one relation: a header line, then one line per column */
    static String describe(RelationInfo r, boolean full) {
        StringBuilder b = new StringBuilder();
        b.append(r.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(' ').append(r.qualifiedName());
        if (r.partitionKey() != null) {
            b.append(" (partitioned by ").append(r.partitionKey()).append(", ").append(r.partitionCount())
                    .append(r.partitionCount() == 1 ? " partition" : " partitions").append(')');
        }
        if (full && r.comment() != null) {
            b.append(" -- ").append(shorten(r.comment()));
        }
        b.append('\n');
        Set<String> pk = r.primaryKey() == null ? Set.of() : new LinkedHashSet<>(r.primaryKey().columns());
        Map<String, String> fks = new HashMap<>();
        for (ForeignKeyInfo fk : r.foreignKeys()) {
            for (int i = 0; i < fk.columns().size(); i++) {
                fks.put(fk.columns().get(i), fk.referencedQualifiedName() + "." + fk.referencedColumns().get(i));
            }
        }
        for (ColumnInfo c : r.columns()) {
            b.append("  ").append(c.name());
            if (full) {
                b.append(' ').append(c.dataType());
            }
            if (pk.contains(c.name())) {
                b.append(" PK");
            }
            if (fks.containsKey(c.name())) {
                b.append(" -> ").append(fks.get(c.name()));
            }
            if (full && c.comment() != null) {
                b.append(" -- ").append(shorten(c.comment()));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String shorten(String comment) {
        String one = comment.replaceAll("\\s+", " ").strip();
        return one.length() <= MAX_COMMENT_CHARS ? one : one.substring(0, MAX_COMMENT_CHARS - 3) + "...";
    }

    /** @return estimated tokens of a text: characters / 4, rounded up */
    public static int tokens(String text) {
        return (text.length() + 3) / 4;
    }

    /** @return the lower-case words of a text, splitting identifiers on {@code _} and camel case */
    static List<String> words(String text) {
        String split = text.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
        List<String> out = new ArrayList<>();
        for (String w : split.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(singular(w));
            }
        }
        return out;
    }

    /** @return the meaningful words of a text: {@link #words} without stop words and single letters */
    static Set<String> terms(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words(text)) {
            if (w.length() > 1 && !STOP_WORDS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** A crude English singular, enough to match "categories" to "category" and "orders" to "order". */
    static String singular(String w) {
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && (w.endsWith("sses") || w.endsWith("shes") || w.endsWith("ches") || w.endsWith("xes"))) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
