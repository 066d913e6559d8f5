package dev.pgmcp.internal.exec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-value cap on its own (no database). */
class CellCapTest {

    private static final Pattern MARKER = Pattern.compile("…\\[truncated (\\d+) bytes]$");

    @Test
    void valuesThatFitAreReturnedAsIs() {
        CellCap cap = new CellCap(64);
        String s = "x".repeat(64);
        assertSame(s, cap.apply(s));
        List<Object> list = Arrays.asList(1, "a", null);
        assertSame(list, cap.apply(list));
        assertEquals(42L, cap.apply(42L));
        assertEquals(null, cap.apply(null));
        assertEquals(0, cap.cutCells());
    }

    @Test
    void stringsAreCutAtACharacterBoundaryWithAMarker() {
        CellCap cap = new CellCap(10);
        assertEquals("abcdefghij…[truncated 5 bytes]", cap.apply("abcdefghijklmno"));
        // 'é' is 2 bytes, '😀' 4 (a surrogate pair): never split.
        assertEquals("ééééé…[truncated 2 bytes]", cap.apply("éééééé"));
        assertEquals("ab😀😀…[truncated 4 bytes]", cap.apply("ab😀😀😀"));
        assertEquals(3, cap.cutCells());
    }

    @Test
    void jsonBecomesItsCutText() {
        CellCap cap = new CellCap(16);
        JsonText small = new JsonText("{\"a\": 2.50}");
        assertSame(small, cap.apply(small));
        assertEquals(11, CellCap.size(small));
        JsonText big = new JsonText("{\"key\": \"" + "v".repeat(100) + "\"}");
        assertEquals(111, CellCap.size(big));
        String cut = assertInstanceOf(String.class, cap.apply(big));
        assertEquals("{\"key\": \"vvvvvvv…[truncated 95 bytes]", cut);
        assertTrue(CellCap.isCut(cut));
        assertEquals(1, cap.cutCells());
        // In an array, an element that does not fit is left out, the marker counting it.
        List<?> list = assertInstanceOf(List.class, cap.apply(List.of(small, big)));
        assertEquals(List.of(small, "…[truncated 112 bytes]"), list);
        assertTrue(CellCap.isCut(list));
        assertEquals(2, cap.cutCells());
    }

    @Test
    void arraysKeepTheirLeadingElementsAndEndWithTheMarker() {
        CellCap cap = new CellCap(20);
        List<?> cut = assertInstanceOf(List.class, cap.apply(List.of(1111, 2222, 3333, 4444, 5555, 6666)));
        assertEquals(List.of(1111, 2222, 3333), cut.subList(0, 3));
        assertTrue(MARKER.matcher((String) cut.get(cut.size() - 1)).find(), cut.toString());
        // One huge element: its head is kept.
        List<?> one = assertInstanceOf(List.class, cap.apply(List.of("y".repeat(1000))));
        assertTrue(((String) one.get(0)).startsWith("yyyy"), one.toString());
        assertTrue(MARKER.matcher((String) one.get(one.size() - 1)).find(), one.toString());
        assertEquals(2, cap.cutCells());
    }

    /** A cut string is a prefix of the original (whole characters), within the cap, and the marker counts what is missing. */
    @Property(tries = 500)
    void cutStringsArePrefixesWithinTheCap(@ForAll("texts") String s, @ForAll @LongRange(min = 1, max = 200) long budget) {
        String out = CellCap.cutString(s, budget);
        long bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= budget) {
            assertSame(s, out);
            return;
        }
        Matcher m = MARKER.matcher(out);
        assertTrue(m.find(), out);
        String head = out.substring(0, m.start());
        assertTrue(s.startsWith(head));
        assertTrue(head.isEmpty() || !Character.isHighSurrogate(head.charAt(head.length() - 1)), "split a surrogate pair");
        long headBytes = head.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(headBytes <= budget, headBytes + " > " + budget);
        assertEquals(bytes - headBytes, Long.parseLong(m.group(1)));
        // The head is as long as the budget allows: one more character would not fit.
        if (head.length() < s.length()) {
            int next = s.codePointAt(head.length());
            assertTrue(headBytes + new String(Character.toChars(next)).getBytes(StandardCharsets.UTF_8).length > budget);
        }
    }

    /** Text as PostgreSQL can hold it: any Unicode scalar values (no lone surrogates), often multi-byte. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0x7ff)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x800, 0xd7ff)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoints.list().ofMaxSize(150).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }
}
