package dev.pgmcp.internal.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validator reports every function and relation a statement refers to, at every position of the
 * tree, with CTE names scoped as PostgreSQL scopes them (pure unit test: no database).
 */
class ReferenceCollectionTest {

    private static final SqlValidator V = new SqlValidator(FunctionPolicy.none());

    /** Query templates with a {@code %s} where a relation name goes. */
    static final Map<String, String> RELATION_POSITIONS = new LinkedHashMap<>();

    static {
        RELATION_POSITIONS.put("FROM", "SELECT * FROM %s");
        RELATION_POSITIONS.put("FROM alias", "SELECT x.* FROM %s AS x");
        RELATION_POSITIONS.put("FROM ONLY", "SELECT * FROM ONLY %s");
        RELATION_POSITIONS.put("JOIN", "SELECT 1 FROM a JOIN %s ON true");
        RELATION_POSITIONS.put("LEFT JOIN", "SELECT 1 FROM a LEFT JOIN %s x USING (id)");
        RELATION_POSITIONS.put("comma join", "SELECT 1 FROM a, %s");
        RELATION_POSITIONS.put("LATERAL subquery", "SELECT * FROM a, LATERAL (SELECT * FROM %s WHERE id = a.id) x");
        RELATION_POSITIONS.put("WHERE IN subquery", "SELECT 1 FROM a WHERE id IN (SELECT id FROM %s)");
        RELATION_POSITIONS.put("WHERE EXISTS", "SELECT 1 WHERE EXISTS (SELECT 1 FROM %s)");
        RELATION_POSITIONS.put("JOIN ON subquery", "SELECT 1 FROM a JOIN b ON b.id IN (SELECT id FROM %s)");
        RELATION_POSITIONS.put("scalar subquery", "SELECT (SELECT count(*) FROM %s)");
        RELATION_POSITIONS.put("ORDER BY subquery", "SELECT a FROM t ORDER BY (SELECT 1 FROM %s LIMIT 1)");
        RELATION_POSITIONS.put("HAVING subquery", "SELECT a FROM t GROUP BY a HAVING count(*) > (SELECT count(*) FROM %s)");
        RELATION_POSITIONS.put("FILTER subquery", "SELECT count(*) FILTER (WHERE a IN (SELECT 1 FROM %s)) FROM t");
        RELATION_POSITIONS.put("ARRAY subquery", "SELECT ARRAY(SELECT 1 FROM %s)");
        RELATION_POSITIONS.put("function argument subquery", "SELECT coalesce((SELECT 1 FROM %s), 0)");
        RELATION_POSITIONS.put("CTE body", "WITH c AS (SELECT * FROM %s) SELECT * FROM c");
        RELATION_POSITIONS.put("recursive CTE body", "WITH RECURSIVE r(n) AS (SELECT 1 FROM %s UNION ALL SELECT n + 1 FROM r) SELECT * FROM r");
        RELATION_POSITIONS.put("UNION branch", "SELECT 1 UNION SELECT 1 FROM %s");
        RELATION_POSITIONS.put("EXCEPT parenthesised", "SELECT 1 EXCEPT (SELECT 1 FROM %s)");
        RELATION_POSITIONS.put("derived table", "SELECT * FROM (SELECT * FROM %s) d");
        RELATION_POSITIONS.put("TABLE", "TABLE %s");
        RELATION_POSITIONS.put("TABLE in derived table", "SELECT * FROM (TABLE %s) t");
        RELATION_POSITIONS.put("EXPLAIN", "EXPLAIN SELECT * FROM %s");
        RELATION_POSITIONS.put("CTE in subquery", "SELECT * FROM (WITH c AS (SELECT 1) SELECT * FROM c, %s) s");
    }

    static Stream<Arguments> functionPositions() {
        return DenyPositions.TEMPLATES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static Stream<Arguments> relationPositions() {
        return RELATION_POSITIONS.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functionPositions")
    void functionsAreReportedAtEveryPosition(String position, String template) {
        References q = V.validate(template.formatted("audit.\"Log_It\"(1)")).references();
        assertTrue(q.functions().contains(new QualifiedName("audit", "Log_It")), position + ": " + q.functions());
        assertTrue(q.callCandidates().contains(new QualifiedName("audit", "Log_It")), position + ": " + q.callCandidates());
        assertTrue(q.treeComplete());

        References u = V.validate(template.formatted("LOG_IT(1)")).references();
        assertTrue(u.functions().contains(new QualifiedName(null, "log_it")), position + ": " + u.functions());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("relationPositions")
    void relationsAreReportedAtEveryPosition(String position, String template) {
        References q = V.validate(template.formatted("Secret.\"Vault\"")).references();
        assertTrue(q.relations().contains(new QualifiedName("secret", "Vault")), position + ": " + q.relations());
        References u = V.validate(template.formatted("vault")).references();
        assertTrue(u.relations().contains(new QualifiedName(null, "vault")), position + ": " + u.relations());
        assertTrue(u.identifiers().contains("vault"), position);
    }

    @Test
    void cteNamesAreNotRelations() {
        References r = V.validate("WITH c AS (SELECT 1), d AS (SELECT * FROM c) SELECT * FROM c JOIN d ON true").references();
        assertEquals(List.of(), r.relations());
        References rec = V.validate(
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r").references();
        assertEquals(List.of(), rec.relations());
        // Schema-qualified, a CTE's name means the table.
        References q = V.validate("WITH c AS (SELECT 1) SELECT * FROM public.c").references();
        assertEquals(List.of(new QualifiedName("public", "c")), q.relations());
    }

    @Test
    void cteScopeIsPostgresScope() {
        // Without RECURSIVE a CTE is not visible in its own body or in earlier CTEs: those are tables.
        assertEquals(List.of(new QualifiedName(null, "b")),
                V.validate("WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a, b").references().relations());
        assertEquals(List.of(new QualifiedName(null, "a")),
                V.validate("WITH a AS (SELECT * FROM a) SELECT * FROM a").references().relations());
        // A CTE of a subquery is not visible outside it.
        assertEquals(List.of(new QualifiedName(null, "pg_authid")),
                V.validate("SELECT * FROM (WITH pg_authid AS (SELECT 1) SELECT * FROM pg_authid) x, pg_authid")
                        .references().relations());
        // A derived table's alias does not hide a table of the same name (JSqlParser's finder would).
        assertEquals(List.of(new QualifiedName(null, "pg_authid")),
                V.validate("SELECT * FROM (SELECT 1) AS pg_authid, pg_authid").references().relations());
    }

    @Test
    void namesAreFoldedAsPostgresFoldsThem() {
        References r = V.validate("SELECT PG_CATALOG.NOW(), \"MixedCase\"(), db.s.f(), \"a\"\"b\".c() FROM Db.Sch.\"Tab\"")
                .references();
        assertEquals(List.of(new QualifiedName("pg_catalog", "now"), new QualifiedName(null, "MixedCase"),
                new QualifiedName("s", "f"), new QualifiedName("a\"b", "c")), r.functions());
        assertEquals(List.of(new QualifiedName("sch", "Tab")), r.relations());
    }

    @Test
    void tokenCandidatesIncludeTypeModifiersAndKeywords() {
        References r = V.validate("SELECT '1'::varchar(10), CAST(1 AS numeric(10, 2)) WHERE 1 IN (1)").references();
        assertTrue(r.callCandidates().contains(new QualifiedName(null, "varchar")), r.callCandidates().toString());
        assertTrue(r.callCandidates().contains(new QualifiedName(null, "numeric")), r.callCandidates().toString());
        assertTrue(r.callCandidates().contains(new QualifiedName(null, "in")), r.callCandidates().toString());
        assertFalse(r.functions().contains(new QualifiedName(null, "varchar")), r.functions().toString());
        // Names inside literals and comments are not candidates.
        References lit = V.validate("SELECT 'pg_sleep(1)' /* nextval('s') */, $$lo_import('x')$$").references();
        assertEquals(List.of(), lit.callCandidates());
        assertEquals(List.of(), lit.functions());
    }

    @Test
    void windowAndAggregateFunctionsAreReported() {
        References r = V.validate("SELECT pg_catalog.sum(a) OVER (PARTITION BY f1(b) ORDER BY f2(c)), "
                + "count(*) FILTER (WHERE f3(a)), string_agg(a, ',' ORDER BY f4(a)) FROM t WINDOW w AS (ORDER BY f5(a))")
                .references();
        for (String f : List.of("f1", "f2", "f3", "f4", "f5", "count", "string_agg")) {
            assertTrue(r.functions().contains(new QualifiedName(null, f)), f + " in " + r.functions());
        }
        assertTrue(r.functions().contains(new QualifiedName("pg_catalog", "sum")), r.functions().toString());
    }

    @Test
    void whatJsqlParserCannotParseIsLeftToPostgresWithTokenReferences() {
        // A syntax error to PostgreSQL too; the executor reports PostgreSQL's position (SyntaxErrorsTest).
        References r = V.validate("SELECT a\n  FROM t WHERE a = = 1").references();
        assertFalse(r.treeComplete());
        assertTrue(r.relations().contains(new QualifiedName(null, "t")), r.relations().toString());
    }
}
