package dev.pgmcp.corpus;

import dev.pgmcp.corpus.ResultComparison.Mismatch;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Predicate;

/**
 * The differences between pgmcp's results and PostgreSQL's own answers that BenignCorpusTest reports
 * without failing, each named and explained. Every one is listed in the test's output on every run,
 * so none goes unseen; an entry here is a decision to take, not a pass.
 */
final class KnownDifferences {

    /**
     * A known difference.
     *
     * @param name    a short name
     * @param why     what pgmcp does and why it differs
     * @param matches which mismatches it explains
     */
    record Known(String name, String why, Predicate<Mismatch> matches) {
    }

    private static final List<String> JSON_TYPES = List.of("json", "jsonb");
    private static final ObjectMapper DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /**
     * Each is a pgmcp fidelity gap found by holding the benign corpus against PostgreSQL, kept
     * visible until it is fixed (then its entry here goes, and the corpus keeps it fixed).
     */
    static final List<Known> LIST = List.of(
            new Known("json-number-precision",
                    "json/jsonb numbers are read as doubles, so digits past a double's precision are lost "
                            + "(12.000000000000000000001 becomes 12.0)",
                    m -> JSON_TYPES.contains(m.type()) && m.why().equals("a different JSON document")
                            && sameAtDoublePrecision(m.postgres(), m.pgmcp())),
            new Known("json-null-document",
                    "a json/jsonb value that is the JSON literal null is a JSON null, the same as SQL NULL",
                    m -> JSON_TYPES.contains(m.type()) && m.why().equals("pgmcp gave null for a value")
                            && m.postgres().equals("null")));

    /**
     * A call that fails where PostgreSQL answers.
     *
     * @param name      a short name
     * @param why       what pgmcp does and why it fails
     * @param errorText which error texts it explains
     */
    record KnownFailure(String name, String why, Predicate<String> errorText) {
    }

    /** Failures of the whole call, by the error text pgmcp returns. */
    static final List<KnownFailure> FAILURES = List.of();

    private KnownDifferences() {
    }

    /** @return the name and reason of the known failure whose error text this is, or {@code null} */
    static String failure(String errorText) {
        for (KnownFailure k : FAILURES) {
            if (k.errorText().test(errorText)) {
                return k.name() + ": " + k.why();
            }
        }
        return null;
    }

    /** Whether two JSON texts are the same document once every number is rounded to a double. */
    private static boolean sameAtDoublePrecision(String postgres, String pgmcp) {
        try {
            return ResultComparison.sameJson(rounded(DECIMALS.readTree(postgres)), rounded(DECIMALS.readTree(pgmcp)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static JsonNode rounded(JsonNode node) {
        if (node.isNumber()) {
            double d = node.decimalValue().doubleValue();
            // Past a double's range (1e400) there is no double to round to: the number stays as it is.
            return Double.isFinite(d) ? DECIMALS.getNodeFactory().numberNode(new BigDecimal(Double.toString(d))) : node;
        }
        if (node.isObject()) {
            ObjectNode out = DECIMALS.createObjectNode();
            node.properties().forEach(e -> out.set(e.getKey(), rounded(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = DECIMALS.createArrayNode();
            node.forEach(e -> out.add(rounded(e)));
            return out;
        }
        return node;
    }

    /** @return the name and reason of the known difference that explains {@code m}, or {@code null} */
    static String explain(Mismatch m) {
        for (Known k : LIST) {
            if (k.matches().test(m)) {
                return k.name() + ": " + k.why();
            }
        }
        return null;
    }
}
