package dev.pgmcp.internal.sql;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Properties of {@link PlaceholderRewriter}. */
class PlaceholderRewriterProperties {

    /** Plain text with no '$', '?', quotes or comment starters outside literals is unchanged. */
    @Property(tries = 300)
    void textWithoutMarkersIsUnchanged(@ForAll("plainSql") String sql) {
        PlaceholderRewriter.Rewritten r = PlaceholderRewriter.rewrite(sql);
        assertEquals(sql, r.jdbcSql());
        assertEquals(0, r.parameterOrder().length);
    }

    /** Whatever a literal or comment contains, it comes out byte for byte; placeholders between them map in order. */
    @Property(tries = 300)
    void literalContentsNeverChange(@ForAll("pieces") List<String[]> pieces) {
        StringBuilder in = new StringBuilder("SELECT ");
        StringBuilder expected = new StringBuilder("SELECT ");
        List<Integer> order = new ArrayList<>();
        for (String[] p : pieces) {
            in.append(p[0]).append(' ');
            expected.append(p[1]).append(' ');
            if (!p[2].isEmpty()) {
                order.add(Integer.parseInt(p[2]));
            }
        }
        PlaceholderRewriter.Rewritten r = PlaceholderRewriter.rewrite(in.toString());
        assertEquals(expected.toString(), r.jdbcSql());
        assertArrayEquals(order.stream().mapToInt(Integer::intValue).toArray(), r.parameterOrder());
    }

    @Provide
    Arbitrary<String> plainSql() {
        return Arbitraries.strings().withChars("abcxyz_0123456789 ,.()=<>+*\n").ofMaxLength(60);
    }

    /** Each piece: {input, expected output, bound index or ""}. */
    @Provide
    Arbitrary<List<String[]>> pieces() {
        Arbitrary<String> content = Arbitraries.strings().withChars("ab$?;'\"\\-*/ 1\n").ofMaxLength(12);
        Arbitrary<String[]> literal = content.map(c -> {
            String s = "'" + c.replace("'", "''") + "'";
            return new String[] {s, s, ""};
        });
        Arbitrary<String[]> eString = content.map(c -> {
            String s = "E'" + c.replace("\\", "\\\\").replace("'", "\\'") + "'";
            return new String[] {s, s, ""};
        });
        Arbitrary<String[]> dollar = content.map(c -> {
            String s = "$z$" + c + "$z$";
            return new String[] {s, s, ""};
        });
        Arbitrary<String[]> ident = content.map(c -> {
            String s = "\"" + c.replace("\"", "\"\"") + "\"";
            return new String[] {s, s, ""};
        });
        Arbitrary<String[]> block = content.map(c -> {
            String s = "/*" + c.replace('*', ' ').replace('/', ' ') + "*/";
            return new String[] {s, s, ""};
        });
        Arbitrary<String[]> line = content.map(c -> {
            String s = "--" + c.replace("\n", " ") + "\n";
            return new String[] {s, s, ""};
        });
        Arbitrary<String[]> param = Arbitraries.integers().between(1, 20)
                .map(n -> new String[] {"$" + n, "?", Integer.toString(n)});
        Arbitrary<String[]> question = Arbitraries.of("?", "?|", "?&")
                .map(op -> new String[] {op, op.replace("?", "??"), ""});
        Arbitrary<String[]> piece = Arbitraries.oneOf(literal, eString, dollar, ident, block, line, param, question);
        return piece.list().ofMaxSize(8);
    }
}
