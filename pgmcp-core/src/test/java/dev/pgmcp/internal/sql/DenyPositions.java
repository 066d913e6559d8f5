package dev.pgmcp.internal.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/** Query templates with a {@code %s} where a function call goes: every position a call can take. */
final class DenyPositions {

    private DenyPositions() {
    }

    /** position name → template; {@code %s} is replaced by a call expression such as {@code pg_sleep(1)}. */
    static final Map<String, String> TEMPLATES = new LinkedHashMap<>();

    static {
        TEMPLATES.put("select list", "SELECT %s");
        TEMPLATES.put("select list alias", "SELECT %s AS x FROM t");
        TEMPLATES.put("FROM table function", "SELECT * FROM %s");
        TEMPLATES.put("FROM table function alias", "SELECT * FROM %s AS f(x)");
        TEMPLATES.put("ROWS FROM", "SELECT * FROM ROWS FROM (%s) r");
        TEMPLATES.put("LATERAL function", "SELECT * FROM t CROSS JOIN LATERAL %s g");
        TEMPLATES.put("LATERAL subquery", "SELECT * FROM t, LATERAL (SELECT %s) x");
        TEMPLATES.put("WHERE", "SELECT 1 FROM t WHERE %s IS NOT NULL");
        TEMPLATES.put("JOIN ON", "SELECT 1 FROM a JOIN b ON a.id = b.id AND %s IS NULL");
        TEMPLATES.put("GROUP BY", "SELECT count(*) FROM t GROUP BY %s");
        TEMPLATES.put("HAVING", "SELECT a FROM t GROUP BY a HAVING count(%s) > 0");
        TEMPLATES.put("ORDER BY", "SELECT a FROM t ORDER BY %s");
        TEMPLATES.put("LIMIT", "SELECT a FROM t LIMIT (SELECT 1 WHERE %s IS NULL)");
        TEMPLATES.put("cast", "SELECT CAST(%s AS text)");
        TEMPLATES.put(":: cast", "SELECT %s::text");
        TEMPLATES.put("CASE", "SELECT CASE WHEN a > 1 THEN %s ELSE NULL END FROM t");
        TEMPLATES.put("CASE condition", "SELECT CASE WHEN %s IS NULL THEN 1 END FROM t");
        TEMPLATES.put("function argument", "SELECT coalesce(lower(%s::text), 'x')");
        TEMPLATES.put("aggregate FILTER", "SELECT count(*) FILTER (WHERE %s IS NULL) FROM t");
        TEMPLATES.put("window PARTITION BY", "SELECT row_number() OVER (PARTITION BY %s) FROM t");
        TEMPLATES.put("window ORDER BY", "SELECT sum(a) OVER (ORDER BY %s) FROM t");
        TEMPLATES.put("WINDOW clause", "SELECT sum(a) OVER w FROM t WINDOW w AS (PARTITION BY %s)");
        TEMPLATES.put("aggregate ORDER BY", "SELECT string_agg(a, ',' ORDER BY %s) FROM t");
        TEMPLATES.put("IN list", "SELECT 1 FROM t WHERE a IN (1, %s)");
        TEMPLATES.put("BETWEEN", "SELECT 1 FROM t WHERE a BETWEEN 0 AND %s");
        TEMPLATES.put("scalar subquery", "SELECT (SELECT %s) AS x");
        TEMPLATES.put("IN subquery", "SELECT 1 FROM t WHERE a IN (SELECT %s)");
        TEMPLATES.put("EXISTS subquery", "SELECT 1 WHERE EXISTS (SELECT 1 FROM t WHERE %s IS NULL)");
        TEMPLATES.put("derived table", "SELECT * FROM (SELECT %s AS x) d");
        TEMPLATES.put("CTE body", "WITH c AS (SELECT %s AS x) SELECT * FROM c");
        TEMPLATES.put("recursive CTE", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE %s IS NULL) SELECT * FROM r");
        TEMPLATES.put("UNION branch", "SELECT 1 UNION ALL SELECT %s");
        TEMPLATES.put("EXCEPT branch", "SELECT 1 EXCEPT (SELECT %s)");
        TEMPLATES.put("VALUES row", "VALUES (1), (%s)");
        TEMPLATES.put("VALUES in FROM", "SELECT * FROM (VALUES (%s)) v(x)");
        TEMPLATES.put("ARRAY constructor", "SELECT ARRAY[%s]");
        TEMPLATES.put("arithmetic", "SELECT 1 + %s");
        TEMPLATES.put("DISTINCT ON", "SELECT DISTINCT ON (%s) a FROM t");
        TEMPLATES.put("EXPLAIN", "EXPLAIN SELECT %s");
        TEMPLATES.put("EXPLAIN options", "EXPLAIN (FORMAT JSON) SELECT 1 WHERE %s IS NULL");
    }
}
