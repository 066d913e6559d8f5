package dev.pgmcp.internal.tools;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Checks of a result as a client receives it: its JSON text, and the CSV rows of its text content. */
final class JsonChecks {

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private JsonChecks() {
    }

    /**
     * Whether a JavaScript reader ({@code JSON.parse}, whose numbers are doubles) gets this JSON
     * number exactly: finite as a double, the double's shortest decimal is the same number, and an
     * integer is within ±2^53 (beyond, the double it reads is in general another integer).
     */
    static boolean javaScriptExact(String number) {
        double d = Double.parseDouble(number);
        if (!Double.isFinite(d)) {
            return false;
        }
        if (number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0
                && new BigDecimal(number).abs().compareTo(BigDecimal.valueOf(1L << 53)) > 0) {
            return false;
        }
        return new BigDecimal(number).compareTo(new BigDecimal(Double.toString(d))) == 0;
    }

    /**
     * Fails when the JSON text holds a number a JavaScript client reads inexactly (see
     * {@link #javaScriptExact}) or an object with a duplicate key (such a reader keeps the last one).
     */
    static void assertJavaScriptReadsExactly(String json) {
        try (JsonParser p = STRICT.createParser(ObjectReadContext.empty(), json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    String n = p.getString();
                    assertTrue(javaScriptExact(n), () -> "a JavaScript client reads " + n + " inexactly in " + json);
                }
            }
        } catch (tools.jackson.core.JacksonException e) {
            fail("not JSON a strict reader accepts (" + e.getOriginalMessage() + "): " + json);
        }
    }

    /**
     * The CSV rows of a row result's text content: the lines between {@link Render#CSV_NOTICE} and
     * the closing line, read by RFC 4180 (a quoted field may hold line breaks).
     *
     * @return one list of fields per row, {@code null} for an empty unquoted field (NULL)
     */
    static List<List<String>> csvRows(String text) {
        int from = text.indexOf(Render.CSV_NOTICE + "\n");
        assertTrue(from >= 0, text);
        from += Render.CSV_NOTICE.length() + 1;
        int to = text.lastIndexOf("\n(") + 1; // the closing line, "(n rows ...)"
        return csvBlock(text.substring(from, to));
    }

    /**
     * @param block CSV lines, each ending in a line break, read by RFC 4180 (a quoted field may hold
     *              line breaks)
     * @return one list of fields per row, {@code null} for an empty unquoted field (NULL)
     */
    static List<List<String>> csvBlock(String block) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        int i = 0;
        while (i < block.length()) {
            if (block.charAt(i) == '"') {
                StringBuilder v = new StringBuilder();
                i++;
                while (true) {
                    char c = block.charAt(i++);
                    if (c == '"') {
                        if (i < block.length() && block.charAt(i) == '"') {
                            v.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        v.append(c);
                    }
                }
                row.add(v.toString());
            } else {
                int end = i;
                while (block.charAt(end) != ',' && block.charAt(end) != '\n') {
                    end++;
                }
                row.add(end == i ? null : block.substring(i, end));
                i = end;
            }
            char sep = block.charAt(i++);
            if (sep == '\n') {
                rows.add(row);
                row = new ArrayList<>();
            } else {
                assertEquals(',', sep, "a field ends at a comma or a line break: " + block);
            }
        }
        return rows;
    }
}
