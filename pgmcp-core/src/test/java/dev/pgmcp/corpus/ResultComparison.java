package dev.pgmcp.corpus;

import dev.pgmcp.corpus.PostgresAnswer.Cell;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds what {@code execute_query} returned against what PostgreSQL answered to the same statement
 * ({@link PostgresAnswer}): column names and types, row count, and every value.
 *
 * <p>pgmcp's result is read as a client reads it: its structured content is written as JSON and
 * parsed back (numbers as exact decimals), so a value that would not survive the wire does not pass
 * here either. pgmcp represents some types in JSON terms rather than as PostgreSQL's text (see
 * {@code QueryResult}), so values are compared by type:
 * <ul>
 *   <li>integers, {@code oid} and {@code numeric}: as decimals, from a JSON number or a decimal
 *       string (a string must keep PostgreSQL's scale: {@code 1.50} is not {@code 1.5});
 *       {@code NaN} and the infinities as PostgreSQL's text;</li>
 *   <li>{@code float4}/{@code float8}: as the same float or double (NaN and infinities as text);</li>
 *   <li>{@code bool}: a JSON boolean;</li>
 *   <li>{@code timestamptz} as the same instant, {@code timestamp} and {@code date} as the same local
 *       value, from ISO-8601 text; {@code infinity} as text;</li>
 *   <li>{@code bytea}: base64 of the same bytes;</li>
 *   <li>{@code json}/{@code jsonb}: JSON equal to PostgreSQL's document (numbers by value), or a
 *       string holding exactly PostgreSQL's text;</li>
 *   <li>arrays: a JSON array, element by element by the element type; an array whose dimensions
 *       do not all start at 1: exactly PostgreSQL's text;</li>
 *   <li>every other type: exactly PostgreSQL's text.</li>
 * </ul>
 */
final class ResultComparison {

    /** Numbers as exact decimals, as a careful client would read them. */
    private static final ObjectMapper WIRE = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private static final Set<String> DECIMALS = Set.of("int2", "int4", "int8", "oid", "numeric");
    private static final Set<String> NOT_A_NUMBER = Set.of("NaN", "Infinity", "-Infinity");

    /**
     * A value (or a column's name or type, or the row count) pgmcp gave otherwise than PostgreSQL.
     *
     * @param row      0-based row, -1 for the shape of the result
     * @param column   0-based column, -1 for the row count
     * @param name     the column's name (or what differs in the shape)
     * @param type     PostgreSQL's type name of the value ({@code _}-prefixed for arrays)
     * @param postgres PostgreSQL's text of the value
     * @param pgmcp    pgmcp's value as JSON
     * @param why      what does not match
     */
    record Mismatch(int row, int column, String name, String type, String postgres, String pgmcp, String why) {

        @Override
        public String toString() {
            String at = row < 0 ? "result" : "row " + row + ", column " + column + " \"" + name + "\" (" + type + ")";
            return at + ": " + why + "\n      PostgreSQL: " + postgres + "\n      pgmcp:      " + pgmcp;
        }
    }

    private ResultComparison() {
    }

    /**
     * @param structuredContent a successful {@code execute_query} result's structured content
     * @return it as a client receives it: written as JSON and read back, numbers as exact decimals
     */
    static JsonNode overTheWire(Map<String, Object> structuredContent) {
        return WIRE.readTree(WIRE.writeValueAsString(structuredContent));
    }

    /**
     * @param postgres what PostgreSQL answered
     * @param pgmcp    pgmcp's structured content as {@link #overTheWire} gives it
     * @return every difference, in row and column order (empty when the results agree)
     */
    static List<Mismatch> compare(PostgresAnswer postgres, JsonNode pgmcp) {
        List<Mismatch> out = new ArrayList<>();
        JsonNode columns = pgmcp.get("columns");
        List<String> pgNames = postgres.columns().stream().map(PostgresAnswer.Col::name).toList();
        List<String> pgTypes = postgres.columns().stream().map(c -> typeAsPgmcpNamesIt(c.type())).toList();
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        columns.forEach(c -> {
            names.add(c.get("name").asString());
            types.add(c.get("type").asString());
        });
        if (!names.equals(pgNames)) {
            out.add(new Mismatch(-1, -1, "column names", "", pgNames.toString(), names.toString(), "column names differ"));
            return out;
        }
        if (!types.equals(pgTypes)) {
            out.add(new Mismatch(-1, -1, "column types", "", pgTypes.toString(), types.toString(), "column types differ"));
        }
        JsonNode rows = pgmcp.get("rows");
        boolean truncated = pgmcp.path("truncated").asBoolean(false);
        int expected = postgres.rows().size();
        if (truncated ? rows.size() >= expected : rows.size() != expected) {
            out.add(new Mismatch(-1, -1, "row count", "", expected + " rows",
                    rows.size() + " rows" + (truncated ? ", truncated " + pgmcp.get("truncation") : ""),
                    truncated ? "a truncated result must have fewer rows than PostgreSQL's" : "row counts differ"));
        }
        // A truncated result is a prefix of PostgreSQL's: compare the rows it has.
        for (int r = 0; r < Math.min(rows.size(), expected); r++) {
            List<Cell> pgRow = postgres.rows().get(r);
            JsonNode row = rows.get(r);
            for (int c = 0; c < pgRow.size(); c++) {
                Cell cell = pgRow.get(c);
                JsonNode value = row.get(c);
                String why = differs(cell, value);
                if (why != null) {
                    out.add(new Mismatch(r, c, pgNames.get(c), cell.type(), String.valueOf(cell.text()),
                            String.valueOf(value), why));
                }
            }
        }
        return out;
    }

    /** pgmcp names an array type {@code text[]} where pgJDBC says {@code _text}. */
    private static String typeAsPgmcpNamesIt(String type) {
        return type.startsWith("_") ? type.substring(1) + "[]" : type;
    }

    /** @return why pgmcp's value is not PostgreSQL's, or {@code null} when it is */
    static String differs(Cell pg, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return pg.isNull() ? null : "pgmcp gave null for a value";
        }
        if (pg.isNull()) {
            return "pgmcp gave a value for a NULL";
        }
        String type = pg.type();
        String text = pg.text();
        if (type.startsWith("_")) {
            return differentArray(pg, v);
        }
        if (DECIMALS.contains(type)) {
            if (NOT_A_NUMBER.contains(text)) {
                return v.isString() && v.asString().equals(text) ? null : "expected the text " + text;
            }
            BigDecimal expected = new BigDecimal(text);
            if (v.isNumber()) {
                return v.decimalValue().compareTo(expected) == 0 ? null : "a different number";
            }
            if (v.isString()) {
                try {
                    // A decimal string is exact: it keeps PostgreSQL's scale.
                    return new BigDecimal(v.asString()).equals(expected) ? null : "a different decimal";
                } catch (NumberFormatException e) {
                    return "not a decimal";
                }
            }
            return "neither a number nor a decimal string";
        }
        switch (type) {
            case "float4", "float8" -> {
                if (NOT_A_NUMBER.contains(text)) {
                    return v.isString() && v.asString().equals(text) ? null : "expected the text " + text;
                }
                if (!v.isNumber()) {
                    return "not a number";
                }
                boolean same = type.equals("float4")
                        ? Float.parseFloat(text) == v.decimalValue().floatValue()
                        : Double.parseDouble(text) == v.decimalValue().doubleValue();
                return same ? null : "a different " + type;
            }
            case "bool" -> {
                return v.isBoolean() && v.asBoolean() == text.equals("t") ? null : "not the same boolean";
            }
            case "timestamptz", "timestamp", "date" -> {
                return differentDateTime(pg, v);
            }
            case "bytea" -> {
                if (!v.isString()) {
                    return "not a base64 string";
                }
                try {
                    return Arrays.equals(Base64.getDecoder().decode(v.asString()), (byte[]) pg.decoded())
                            ? null : "different bytes";
                } catch (IllegalArgumentException e) {
                    return "not base64";
                }
            }
            case "json", "jsonb" -> {
                JsonNode document = WIRE.readTree(text);
                // A string is either PostgreSQL's text of the document or the document itself when
                // that is a JSON string ('"x"'::jsonb).
                if (v.isString() && v.asString().equals(text)) {
                    return null;
                }
                return sameJson(document, v) ? null
                        : v.isString() && !document.isString() ? "a string that is not PostgreSQL's text"
                        : "a different JSON document";
            }
            default -> {
                return v.isString() && v.asString().equals(text) ? null : "not PostgreSQL's text";
            }
        }
    }

    private static String differentArray(Cell pg, JsonNode v) {
        if (pg.text().startsWith("[")) {
            // '[0:2]={1,2,3}': the dimensions do not start at 1, and a JSON array has no place for that.
            if (v.isArray()) {
                return "the array's bounds " + pg.text().substring(0, pg.text().indexOf('=')) + " are not in a JSON array";
            }
            return v.isString() && v.asString().equals(pg.text()) ? null : "not PostgreSQL's text of an array with bounds";
        }
        if (!v.isArray()) {
            return "not a JSON array";
        }
        @SuppressWarnings("unchecked")
        List<Cell> elements = (List<Cell>) pg.decoded();
        if (elements.size() != v.size()) {
            return elements.size() + " elements, pgmcp has " + v.size();
        }
        for (int i = 0; i < elements.size(); i++) {
            String why = differs(elements.get(i), v.get(i));
            if (why != null) {
                return "element " + (i + 1) + " (" + elements.get(i).text() + " vs " + v.get(i) + "): " + why;
            }
        }
        return null;
    }

    private static String differentDateTime(Cell pg, JsonNode v) {
        if (!v.isString()) {
            return "not a string";
        }
        String s = v.asString();
        if (pg.decoded() == null) { // infinity, -infinity
            return s.equals(pg.text()) ? null : "expected " + pg.text();
        }
        try {
            boolean same = switch (pg.type()) {
                case "timestamptz" -> OffsetDateTime.parse(s).toInstant().equals(((OffsetDateTime) pg.decoded()).toInstant());
                case "timestamp" -> LocalDateTime.parse(s).equals(pg.decoded());
                default -> LocalDate.parse(s).equals(pg.decoded());
            };
            return same ? null : "a different " + pg.type();
        } catch (DateTimeParseException e) {
            return "not an ISO-8601 " + pg.type() + ": " + e.getMessage();
        }
    }

    /** JSON equality with numbers compared by value (PostgreSQL's {@code 1.50} is pgmcp's {@code 1.5}). */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !sameJson(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<JsonNode> x = a.iterator();
            Iterator<JsonNode> y = b.iterator();
            while (x.hasNext()) {
                if (!sameJson(x.next(), y.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
