package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryResult;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A string parameter behaves as the same value quoted in the SQL would in psql: PostgreSQL infers its
 * type from where it stands (a timestamp, a date, a number, an enum, an interval, a LIMIT), and where
 * nothing tells it ({@code $1 IS NULL}) it is text. Through the validator, on both execution paths
 * (one round trip, and streaming for a statement that cannot stand as a subquery, such as EXPLAIN).
 */
class StringParametersTest {

    static PgMcp pgmcp;
    static QueryExecutor executor;

    @BeforeAll
    static void start() {
        String url = TestPostgres.freshDatabase("string_params");
        TestPostgres.run(url, """
                CREATE TYPE rating AS ENUM ('G', 'PG', 'PG-13', 'R');
                CREATE TABLE film (id int PRIMARY KEY, title text, rating rating, price numeric(5,2),
                                   released date, added timestamptz, length interval);
                INSERT INTO film SELECT g, 'film ' || g, (ARRAY['G','PG','PG-13','R'])[1 + g % 4]::rating,
                    g * 1.25, DATE '2022-01-01' + g, TIMESTAMPTZ '2022-07-01 00:00+00' + g * INTERVAL '1 day',
                    g * INTERVAL '10 minutes'
                  FROM generate_series(1, 20) g;
                """);
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build())
                .discoverTools(false).build();
        executor = pgmcp.database(null).executor();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    private static long count(String sql, Object... params) {
        QueryResult r = executor.query(sql, Arrays.asList(params), 10);
        return ((Number) r.rows().get(0).get(0)).longValue();
    }

    @Test
    void aStringIsReadAsTheTypeItIsComparedWith() {
        assertEquals(12, count("SELECT count(*) FROM film WHERE added >= $1", "2022-07-10 00:00+00"));
        assertEquals(11, count("SELECT count(*) FROM film WHERE released > $1", "2022-01-10"));
        assertEquals(13, count("SELECT count(*) FROM film WHERE price >= $1", "9.99"));
        assertEquals(15, count("SELECT count(*) FROM film WHERE id > $1", "5"));
        assertEquals(5, count("SELECT count(*) FROM film WHERE rating = $1", "PG-13"));
        assertEquals(9, count("SELECT count(*) FROM film WHERE length > $1", "1 hour 50 minutes"));
    }

    @Test
    void aStringLimitIsANumber() {
        assertEquals(3, executor.query("SELECT id FROM film ORDER BY id LIMIT $1", List.of("3"), 10).rowCount());
    }

    @Test
    void whereNothingGivesItATypeAStringIsText() {
        // "could not determine data type of parameter $1" when sent without a type: sent again as text.
        assertEquals(1, count("SELECT count(*) FROM film WHERE $1 IS NULL OR title = $1", "film 7"));
        assertEquals(20, count("SELECT count(*) FROM film WHERE $1::text IS NULL OR title = $1", (Object) null));
        QueryResult r = executor.query("SELECT $1 AS v, $1 IS NULL AS missing", List.of("5"), 10);
        assertEquals(List.of("5", false), r.rows().get(0));
        assertEquals("text", r.columns().get(0).type());
    }

    @Test
    void explainPlansAStatementWithAStringComparedToATimestamp() {
        // EXPLAIN cannot stand as a subquery: it takes the streaming path.
        QueryResult plan = executor.query("EXPLAIN SELECT * FROM film WHERE added >= $1", List.of("2022-07-10 00:00+00"), 100);
        assertTrue(plan.rows().toString().contains("timestamp with time zone"), plan.rows().toString());
    }
}
