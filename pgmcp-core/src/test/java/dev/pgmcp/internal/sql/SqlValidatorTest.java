package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.spi.SqlRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accept/reject rules of {@link SqlValidator} with the exact inputs of the specification. */
class SqlValidatorTest {

    private static final SqlValidator V = SqlValidator.withDefaults();

    static SqlRejectedException rejected(String sql, Reason reason) {
        SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> V.validate(sql), sql);
        assertEquals(reason, e.reason(), () -> sql + " -> " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
        return e;
    }

    static ValidatedStatement accepted(String sql) {
        try {
            return V.validate(sql);
        } catch (SqlRejectedException e) {
            throw new AssertionError(sql + " rejected: " + e.reason() + ": " + e.getMessage(), e);
        }
    }

    // ---- rejections with the specification's inputs ----

    @Test
    void stackedCommitDrop() {
        rejected("COMMIT; DROP TABLE customers", Reason.MULTIPLE_STATEMENTS);
    }

    @Test
    void stackedSelects() {
        rejected("SELECT 1; SELECT 2", Reason.MULTIPLE_STATEMENTS);
        rejected("SELECT 1;; SELECT 2", Reason.MULTIPLE_STATEMENTS);
        rejected("SELECT 1; -- c\n DELETE FROM t", Reason.MULTIPLE_STATEMENTS);
        rejected("SELECT 'a\\'; DROP TABLE t; --'", Reason.MULTIPLE_STATEMENTS);
        rejected("SELECT $a$ x $b$; DELETE FROM t", Reason.PARSE_ERROR); // unterminated $a$
    }

    @Test
    void dataModifyingCte() {
        SqlRejectedException e = rejected("WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d",
                Reason.DATA_MODIFYING_CTE);
        assertTrue(e.getMessage().contains("WITH"), e.getMessage());
        rejected("WITH a AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM a", Reason.DATA_MODIFYING_CTE);
        rejected("WITH a AS (UPDATE t SET x = 1 RETURNING *) SELECT * FROM a", Reason.DATA_MODIFYING_CTE);
        rejected("WITH m AS (MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE RETURNING *) SELECT * FROM m",
                Reason.DATA_MODIFYING_CTE);
        rejected("SELECT * FROM (WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d) z", Reason.DATA_MODIFYING_CTE);
        rejected("SELECT 1 WHERE EXISTS (WITH d AS (DELETE FROM t RETURNING *) SELECT 1 FROM d)", Reason.DATA_MODIFYING_CTE);
    }

    @Test
    void withFollowedByDml() {
        SqlRejectedException e = rejected("WITH x AS (SELECT 1) DELETE FROM t", Reason.NOT_READ_ONLY);
        assertTrue(e.getMessage().contains("DELETE"), e.getMessage());
    }

    @Test
    void nextval() {
        SqlRejectedException e = rejected("SELECT nextval('customers_id_seq')", Reason.DENIED_FUNCTION);
        assertTrue(e.getMessage().contains("nextval"), e.getMessage());
    }

    @Test
    void pgSleep() {
        SqlRejectedException e = rejected("SELECT pg_sleep(60)", Reason.DENIED_FUNCTION);
        assertEquals("Function pg_sleep is not allowed: it has side effects or administrative power.", e.getMessage());
        rejected("SELECT 1 WHERE pg_sleep(1) IS NOT NULL", Reason.DENIED_FUNCTION);
        rejected("SELECT pg_catalog.pg_sleep(1)", Reason.DENIED_FUNCTION);
        rejected("SELECT PG_SLEEP(1)", Reason.DENIED_FUNCTION);
        rejected("SELECT \"pg_sleep\"(1)", Reason.DENIED_FUNCTION);
        rejected("SELECT pg_sleep /* gap */ (1)", Reason.DENIED_FUNCTION);
        rejected("SELECT ext.dblink_exec('select 1')", Reason.DENIED_FUNCTION);
    }

    @Test
    void readFile() {
        SqlRejectedException e = rejected("SELECT * FROM pg_read_file('/etc/passwd')", Reason.DENIED_FUNCTION);
        assertTrue(e.getMessage().contains("pg_read_file"), e.getMessage());
    }

    @Test
    void forUpdate() {
        SqlRejectedException e = rejected("SELECT * FROM customers FOR UPDATE", Reason.LOCKING_CLAUSE);
        assertTrue(e.getMessage().contains("FOR UPDATE"), e.getMessage());
        rejected("SELECT * FROM t FOR NO KEY UPDATE", Reason.LOCKING_CLAUSE);
        rejected("SELECT * FROM t FOR SHARE", Reason.LOCKING_CLAUSE);
        rejected("SELECT * FROM t FOR KEY SHARE", Reason.LOCKING_CLAUSE);
        rejected("SELECT * FROM t FOR UPDATE OF t SKIP LOCKED", Reason.LOCKING_CLAUSE);
        rejected("SELECT 1 FROM t WHERE x IN (SELECT y FROM u FOR UPDATE)", Reason.LOCKING_CLAUSE);
        rejected("WITH c AS (SELECT * FROM t FOR SHARE) SELECT * FROM c", Reason.LOCKING_CLAUSE);
        rejected("SELECT 1 UNION (SELECT 2 FROM t FOR UPDATE)", Reason.LOCKING_CLAUSE);
        rejected("TABLE t FOR UPDATE", Reason.LOCKING_CLAUSE);
    }

    @Test
    void selectInto() {
        rejected("SELECT * INTO t2 FROM t", Reason.SELECT_INTO);
        rejected("SELECT * INTO TEMP t2 FROM t", Reason.SELECT_INTO);
        rejected("SELECT a INTO UNLOGGED TABLE t2 FROM t", Reason.SELECT_INTO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXPLAIN ANALYZE SELECT 1", "EXPLAIN ANALYSE SELECT 1", "EXPLAIN (ANALYZE) SELECT 1",
            "EXPLAIN (ANALYZE true) SELECT 1", "EXPLAIN (FORMAT JSON, ANALYZE) SELECT 1", "explain (analyse on) select 1",
            "EXPLAIN ANALYZE VERBOSE SELECT 1", "EXPLAIN VERBOSE ANALYZE SELECT 1", "EXPLAIN (ANALYZE false) SELECT 1",
            "/* c */ EXPLAIN -- x\n ANALYZE SELECT 1"})
    void explainAnalyze(String sql) {
        SqlRejectedException e = rejected(sql, Reason.EXPLAIN_ANALYZE);
        assertTrue(e.getMessage().contains("EXPLAIN ANALYZE"), e.getMessage());
    }

    @Test
    void explainOfWrite() {
        SqlRejectedException e = rejected("EXPLAIN DELETE FROM t", Reason.NOT_READ_ONLY);
        assertTrue(e.getMessage().contains("EXPLAIN of DELETE"), e.getMessage());
        rejected("EXPLAIN (FORMAT JSON) SELECT pg_sleep(1)", Reason.DENIED_FUNCTION);
        rejected("EXPLAIN (BOGUS) SELECT 1", Reason.PARSE_ERROR);
        rejected("EXPLAIN", Reason.PARSE_ERROR);
        rejected("EXPLAIN EXPLAIN SELECT 1", Reason.NOT_READ_ONLY);
    }

    @Test
    void leadingComments() {
        SqlRejectedException e = rejected("/* c */ DELETE FROM t", Reason.NOT_READ_ONLY);
        assertEquals("Only read-only queries are allowed (SELECT, VALUES, TABLE, WITH … SELECT, EXPLAIN); got DELETE.",
                e.getMessage());
        rejected("-- c\nDROP TABLE t", Reason.NOT_READ_ONLY);
        rejected("/* a /* nested */ b */ UPDATE t SET a = 1", Reason.NOT_READ_ONLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO t VALUES (1)", "UPDATE t SET a = 1", "DELETE FROM t",
            "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "CREATE TABLE x (a int)", "DROP TABLE t",
            "ALTER TABLE t ADD COLUMN b int", "TRUNCATE t", "COPY t TO STDOUT", "SET search_path = x", "RESET ALL",
            "SHOW search_path", "BEGIN", "START TRANSACTION", "COMMIT", "ROLLBACK", "GRANT SELECT ON t TO u",
            "REVOKE ALL ON t FROM u", "VACUUM", "ANALYZE t", "LOCK TABLE t", "DO $$ BEGIN END $$", "CALL p()",
            "LISTEN x", "NOTIFY x", "UNLISTEN *", "PREPARE p AS SELECT 1", "EXECUTE p", "DEALLOCATE p",
            "DECLARE c CURSOR FOR SELECT 1", "FETCH ALL FROM c", "CLOSE c", "REFRESH MATERIALIZED VIEW v",
            "CLUSTER t", "REINDEX TABLE t", "CHECKPOINT", "DISCARD ALL", "SECURITY LABEL ON TABLE t IS 'x'",
            "COMMENT ON TABLE t IS 'x'", "LOAD 'x'", "IMPORT FOREIGN SCHEMA s FROM SERVER f INTO x"})
    void notReadOnly(String sql) {
        SqlRejectedException e = rejected(sql, Reason.NOT_READ_ONLY);
        String first = sql.split(" ")[0];
        assertTrue(e.getMessage().contains("got " + first), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t", "-- only a comment", "/* c */", "/* a /* b */ c */ -- d", ";", " ; -- x"})
    void empty(String sql) {
        rejected(sql, Reason.EMPTY);
        assertEquals(Reason.EMPTY, assertThrows(SqlRejectedException.class, () -> V.validate(null)).reason());
    }

    @Test
    void tooLong() {
        String sql = "SELECT 1" + " ".repeat(100_000);
        SqlRejectedException e = rejected(sql, Reason.TOO_LONG);
        assertTrue(e.getMessage().contains("100000"), e.getMessage());
        SqlValidator small = new SqlValidator(FunctionPolicy.defaults(), 10);
        assertEquals(Reason.TOO_LONG,
                assertThrows(SqlRejectedException.class, () -> small.validate("SELECT 1234567")).reason());
        assertEquals("SELECT 1", small.validate("SELECT 1").sql());
    }

    @Test
    void parseErrorIsOneUsefulLine() {
        // What the lexer refuses; a query PostgreSQL's parser refuses is SyntaxErrorsTest's.
        SqlRejectedException e = rejected("SELECT 'abc", Reason.PARSE_ERROR);
        assertTrue(e.getMessage().contains("unterminated string literal"), e.getMessage());
        rejected("SELECT 1 /* open", Reason.PARSE_ERROR);
        rejected("SELECT \"abc", Reason.PARSE_ERROR);
        rejected("SELECT U&\"pg\\zzzzsleep\"(1)", Reason.PARSE_ERROR);
        rejected("123", Reason.PARSE_ERROR);
        rejected(")", Reason.PARSE_ERROR);
    }

    // ---- acceptances ----

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id",
            "SELECT * FROM a LEFT JOIN b USING (id) FULL OUTER JOIN c ON c.id = a.id",
            "SELECT row_number() OVER (PARTITION BY a ORDER BY b) FROM t",
            "SELECT sum(x) OVER w FROM t WINDOW w AS (ORDER BY a ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)",
            "SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE u.x > 1)",
            "SELECT (SELECT max(a) FROM u) AS m FROM t",
            "SELECT 'a;b'", "SELECT $$x;y$$", "SELECT $tag$x;y$tag$", "SELECT ';' -- ;", "SELECT E'a\\';b'",
            "SELECT \"a;b\" FROM t", "SELECT 1 /* ; */", "SELECT 'it''s; ok'",
            "SELECT a::text FROM t", "SELECT * FROM t WHERE a ILIKE 'x%'", "SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b",
            "SELECT data ->> 'k' FROM t", "SELECT ARRAY[1,2]", "SELECT interval '1 day'", "SELECT now() - created_at FROM t",
            "SELECT date_trunc('month', x) FROM t", "SELECT count(*) FILTER (WHERE a > 1) FROM t",
            "SELECT * FROM generate_series(1,10) g", "SELECT generate_series(1,10)",
            "SELECT * FROM t CROSS JOIN LATERAL generate_series(1, t.n) g",
            "SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.id = t.id) x",
            "SELECT data ? 'k' FROM t", "SELECT data ?| array['a'] FROM t", "SELECT '{\"a\":1}'::jsonb @> '{}'",
            "SELECT x FROM t1 UNION SELECT x FROM t2", "(SELECT 1) UNION (SELECT 2) ORDER BY 1",
            "SELECT x FROM t1 EXCEPT SELECT x FROM t2", "SELECT x FROM t1 INTERSECT ALL SELECT x FROM t2",
            "SELECT currval('s')", "SELECT substring(s FROM 1 FOR 3) FROM t", "SELECT a[1:2], (r).f FROM t",
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a) FROM t", "SELECT coalesce(a, 0) FROM t",
            "SELECT * FROM t WHERE a = ANY($1)", "SELECT B'101', X'1F', N'x'",
            "SELECT 1;", "SELECT 1 ; -- trailing comment", "  SELECT 1;  /* c */  ",
    })
    void acceptedSelects(String sql) {
        ValidatedStatement v = accepted(sql);
        assertEquals(StatementKind.SELECT, v.kind(), sql);
    }

    @Test
    void kinds() {
        assertEquals(StatementKind.VALUES, accepted("VALUES (1,'a')").kind());
        assertEquals(StatementKind.VALUES, accepted("VALUES (1), (2) ORDER BY 1").kind());
        assertEquals(StatementKind.TABLE, accepted("TABLE customers").kind());
        assertEquals(StatementKind.TABLE, accepted("TABLE ONLY customers").kind());
        assertEquals(StatementKind.TABLE, accepted("TABLE a UNION TABLE b").kind());
        assertEquals(StatementKind.SELECT, accepted("SELECT 1 UNION TABLE t").kind());
        assertEquals(StatementKind.SELECT, accepted("(TABLE t)").kind());
        assertEquals(StatementKind.WITH_SELECT, accepted("WITH x AS (SELECT 1 AS a) SELECT a FROM x").kind());
        assertEquals(StatementKind.WITH_SELECT,
                accepted("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT * FROM r").kind());
        assertEquals(StatementKind.WITH_SELECT, accepted("WITH a AS (TABLE t) SELECT * FROM a").kind());
        assertEquals(StatementKind.WITH_SELECT, accepted("WITH a AS (SELECT 1) TABLE a").kind());
        assertEquals(StatementKind.WITH_SELECT, accepted("WITH a AS (VALUES (1)) SELECT * FROM a").kind());
        assertEquals(StatementKind.WITH_SELECT, accepted("WITH a AS MATERIALIZED (SELECT 1) SELECT * FROM a").kind());
        assertEquals(StatementKind.EXPLAIN, accepted("EXPLAIN (FORMAT JSON) SELECT * FROM t").kind());
        assertEquals(StatementKind.EXPLAIN, accepted("EXPLAIN SELECT 1").kind());
        assertEquals(StatementKind.EXPLAIN, accepted("EXPLAIN VERBOSE SELECT 1").kind());
        assertEquals(StatementKind.EXPLAIN, accepted("EXPLAIN (COSTS off, VERBOSE, BUFFERS true, FORMAT yaml) SELECT 1").kind());
        assertEquals(StatementKind.EXPLAIN, accepted("EXPLAIN TABLE t").kind());
        assertEquals(StatementKind.EXPLAIN, accepted("EXPLAIN VALUES (1)").kind());
        assertEquals(StatementKind.EXPLAIN, accepted("EXPLAIN WITH a AS (SELECT 1) SELECT * FROM a").kind());
    }

    @Test
    void sqlIsTrimmedAndParametersCounted() {
        ValidatedStatement v = accepted("  SELECT * FROM t WHERE a = $1 AND b = $3 OR c = $1 ;  -- done\n");
        assertEquals("SELECT * FROM t WHERE a = $1 AND b = $3 OR c = $1", v.sql());
        assertEquals(3, v.parameterCount());
        assertEquals(0, accepted("SELECT '$1', $$ $2 $$ -- $3").parameterCount());
        assertEquals(2, accepted("SELECT $2::int + $1").parameterCount());
        assertEquals("/* lead */ SELECT 1", accepted("\n/* lead */ SELECT 1;").sql());
    }

    @Test
    void customPolicy() {
        SqlValidator v = new SqlValidator(FunctionPolicy.defaults().withDenied(List.of("my_audit")));
        assertEquals(Reason.DENIED_FUNCTION,
                assertThrows(SqlRejectedException.class, () -> v.validate("SELECT public.my_audit(1)")).reason());
        assertEquals(StatementKind.SELECT, v.validate("SELECT lower('A')").kind());
    }

    @Test
    void divisionAloneOnItsLineIsNotAStatementEnd() {
        // Found by CorpusProperties: JSqlParser reads a lone '/' line as an Oracle statement terminator.
        ValidatedStatement v = SqlValidator.withDefaults().validate(
                "SELECT sum(freight)\n/\n\nsum(sum(freight)) OVER ()\nAS share FROM orders");
        assertEquals(StatementKind.SELECT, v.kind());
        // Also found by CorpusProperties: JSqlParser fails "ROWS" and "WITH TIES" on separate lines.
        assertEquals(StatementKind.SELECT, SqlValidator.withDefaults().validate(
                "SELECT * FROM orders ORDER\n\nBY freight FETCH\nFIRST\n5\nROWS\nWITH\nTIES").kind());
        // And (found by CorpusProperties in a fresh clone): more than one blank between WITH and TIES.
        assertEquals(StatementKind.SELECT, SqlValidator.withDefaults().validate(
                "SELECT\n*\tFROM\norders\tORDER\nBY\nfreight DESC\nFETCH  FIRST 5 \n\t ROWS\nWITH \n\t TIES").kind());
        assertEquals(StatementKind.SELECT, SqlValidator.withDefaults().validate(
                "SELECT * FROM orders ORDER BY freight FETCH FIRST 5 ROWS WITH /* c */ TIES").kind());
    }

    @Test
    void syntaxErrorPositionsPointIntoTheOriginalTextAcrossLines() {
        // JSqlParser reads a copy without comments and line breaks; the position is mapped back. (Only
        // text that does not start as a query still gets JSqlParser's error; the rest goes to
        // PostgreSQL's parser, see SyntaxErrorsTest.)
        SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> SqlValidator.withDefaults()
                .validate("\n  -- note\n  1, b\nFROM t WHERE ) x"));
        assertTrue(e.getMessage().startsWith("Syntax error at line 3, column 3: "), e.getMessage());
    }
}
