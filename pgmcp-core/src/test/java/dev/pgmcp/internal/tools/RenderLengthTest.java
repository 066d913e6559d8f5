package dev.pgmcp.internal.tools;

import dev.pgmcp.spi.Column;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.WithNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sizes {@link Render} counts instead of encoding: they equal the length of the JSON Jackson writes. */
class RenderLengthTest {

    @Property(tries = 500)
    void columnsLengthIsTheLengthOfTheirJson(@ForAll List<@WithNull(0.05) @Chars({'"', '\\', '\n', '\u0001', ' ', '\u00e9',
            '\u2028'}) @AlphaChars String> names) {
        List<Column> columns = new ArrayList<>();
        List<Map<String, Object>> asJson = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Column c = new Column(names.get(i), i % 2 == 0 ? "int4" : "timestamp with time zone");
            columns.add(c);
            asJson.add(Render.fields("name", c.name(), "type", c.type()));
        }
        assertEquals(Render.json(asJson).length(), Render.columnsLength(columns));
    }
}
