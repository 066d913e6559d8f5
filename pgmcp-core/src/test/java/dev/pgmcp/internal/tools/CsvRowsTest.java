package dev.pgmcp.internal.tools;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.WithNull;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The CSV text of rows: quoting, NULL versus empty string, nested values, and a reader's round trip. */
class CsvRowsTest {

    private static String line(Object... values) {
        StringBuilder b = new StringBuilder();
        CsvRows.append(b, Arrays.asList(values));
        return b.toString();
    }

    @Test
    void quotesOnlyWhatNeedsIt() {
        assertEquals("1,Acme,FR,12.50,true", line(1, "Acme", "FR", "12.50", true));
        assertEquals("\"Wonka, GmbH\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \"",
                line("Wonka, GmbH", "say \"hi\"", "two\nlines", " padded "));
    }

    @Test
    void nullIsAnEmptyFieldAndAnEmptyStringIsQuoted() {
        assertEquals(",\"\",x,", line(null, "", "x", null));
    }

    @Test
    void nestedValuesAreCompactJson() {
        assertEquals("\"[\"\"vip\"\",\"\"eu\"\"]\",\"[1,2]\",[7]", line(List.of("vip", "eu"), List.of(1, 2), List.of(7)));
        assertEquals("[]", line(List.of()));
    }

    /**
     * A json value is PostgreSQL's text whether the structured content holds it as JSON or in a
     * string; int8 its decimal text, number or string. An array of json has its elements' JSON.
     */
    @Test
    void jsonAndInt8AreTheirPostgresText() {
        assertEquals("\"{\"\"r\"\": 2.50}\",\"{\"\"a\"\":1,\"\"a\"\":2}\",null,9007199254740991,9007199254740993",
                line(new dev.pgmcp.internal.exec.JsonText("{\"r\": 2.50}"), "{\"a\":1,\"a\":2}", "null", 9007199254740991L,
                        "9007199254740993"));
        assertEquals("[],\"[{\"\"r\"\": 2.50},\"\"1\"\",null]\"",
                line(new dev.pgmcp.internal.exec.JsonText("[]"), Arrays.asList(new dev.pgmcp.internal.exec.JsonText("{\"r\": 2.50}"), "1", null)));
    }

    /** Any row of strings and NULLs reads back the same with a strict RFC 4180 reader. */
    @Property(tries = 500)
    void roundTrips(@ForAll List<@net.jqwik.api.constraints.WithNull(0.2) String> row) {
        if (row.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        CsvRows.append(b, new ArrayList<>(row));
        assertEquals(row, read(b.toString()));
    }

    /** What a line adds inside a JSON string is counted exactly, whatever its quotes, backslashes and control characters. */
    @Property(tries = 1000)
    void countsTheJsonEscapesOfTheLine(@ForAll List<@WithNull(0.2) @Chars({'"', '\\', ',', '\n', '\r', '\t', '\b',
            '\f', '\u0000', '\u0001', '\u001f', ' ', '\u00e9', '\u2028'}) @AlphaChars String> row) {
        List<Object> values = new ArrayList<>(row);
        values.add(List.of("nested \"json\"", 1));
        values.add(new dev.pgmcp.internal.exec.JsonText("{\"k\": \"v \\\"q\\\"\"}"));
        StringBuilder b = new StringBuilder();
        long escapes = CsvRows.append(b, values);
        assertEquals(Render.encodedLength(b, 0) - b.length(), escapes, b::toString);
    }

    /** A strict reader: NULL for an empty unquoted field, "" for an empty quoted one. */
    private static List<String> read(String line) {
        List<List<String>> rows = JsonChecks.csvBlock(line + "\n");
        assertEquals(1, rows.size(), line);
        return rows.get(0);
    }
}
