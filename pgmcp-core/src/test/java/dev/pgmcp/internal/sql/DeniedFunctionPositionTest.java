package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.spi.SqlRejectedException.Reason;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A denied function is found at every position of the tree, by the JSqlParser tree walk on its own
 * (not only by the token safety net), and the same query with a harmless function passes.
 */
class DeniedFunctionPositionTest {

    static Stream<Arguments> positions() {
        return DenyPositions.TEMPLATES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positions")
    void validatorRejects(String position, String template) {
        String sql = template.formatted("pg_sleep(1)");
        SqlRejectedException e = assertThrows(SqlRejectedException.class,
                () -> SqlValidator.withDefaults().validate(sql), sql);
        assertEquals(Reason.DENIED_FUNCTION, e.reason(), sql + " -> " + e.getMessage());
        assertTrue(e.getMessage().contains("pg_sleep"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positions")
    void treeWalkAloneRejects(String position, String template) throws Exception {
        String sql = template.formatted("pg_catalog.pg_sleep(1)");
        // The EXPLAIN prefix is handled by ExplainHeader; the walker sees the explained statement.
        String statementText = sql.replaceFirst("^EXPLAIN (\\(FORMAT JSON\\) )?", "");
        Statement statement = CCJSqlParserUtil.parse(statementText);
        SqlRejectedException e = assertThrows(SqlRejectedException.class,
                () -> new TreeInspector(FunctionPolicy.defaults()).inspect(statement), statementText);
        assertEquals(Reason.DENIED_FUNCTION, e.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positions")
    void harmlessFunctionPasses(String position, String template) {
        String sql = template.formatted("abs(1)");
        assertDoesNotThrow(() -> SqlValidator.withDefaults().validate(sql), sql);
    }
}
