package dev.pgmcp.internal.policy;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.SqlRejectedException.Reason;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VOLATILE functions of the database's own schemas (PostgreSQL's default marking) run without being
 * listed when their definition shows they only read, and are refused, saying why, when it does not:
 * a write, dynamic SQL, SECURITY DEFINER, a language whose code cannot be read, or a call to a denied
 * or volatile function, directly or through another user function. Nothing changes either way.
 */
class ReadOnlyFunctionsTest {

    static String url;
    static PgMcp pgmcp;
    static QueryExecutor executor;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("readonly_fns");
        TestPostgres.run(url, """
                CREATE TABLE film (id int PRIMARY KEY, title text);
                CREATE TABLE inventory (id int PRIMARY KEY, film_id int, in_stock bool);
                CREATE TABLE audit (note text);
                CREATE SEQUENCE seq;
                INSERT INTO film SELECT g, 'film ' || g FROM generate_series(1, 10) g;
                INSERT INTO inventory SELECT g, 1 + g % 10, g % 3 <> 0 FROM generate_series(1, 30) g;
                -- Read-only, all VOLATILE because nobody said otherwise.
                CREATE FUNCTION film_in_stock(p_film_id int) RETURNS SETOF int LANGUAGE plpgsql AS $$
                BEGIN
                    -- Not a call: pg_sleep(10) in a comment, 'INSERT INTO audit' in a literal.
                    RETURN QUERY SELECT i.id FROM inventory i WHERE i.film_id = p_film_id AND i.in_stock
                                 AND 'INSERT INTO audit' IS NOT NULL ORDER BY i.id;
                END $$;
                CREATE FUNCTION stock_count(int) RETURNS bigint LANGUAGE sql AS
                  'SELECT count(*) FROM film_in_stock($1)';
                CREATE FUNCTION films() RETURNS bigint LANGUAGE sql RETURN (SELECT count(*) FROM film);
                CREATE FUNCTION countdown(n int) RETURNS int LANGUAGE plpgsql AS $$
                BEGIN
                    IF n <= 0 THEN RETURN 0; END IF;
                    RETURN 1 + countdown(n - 1);
                END $$;
                CREATE FUNCTION dice() RETURNS double precision LANGUAGE sql AS 'SELECT random()';
                -- Not read-only, each for its own reason.
                CREATE FUNCTION log_it() RETURNS int LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO audit VALUES ('written');
                    RETURN 1;
                END $$;
                CREATE FUNCTION indirect() RETURNS int LANGUAGE sql AS 'SELECT log_it() + 1';
                CREATE FUNCTION dynamic(t text) RETURNS bigint LANGUAGE plpgsql AS $$
                DECLARE n bigint;
                BEGIN
                    EXECUTE 'SELECT count(*) FROM ' || t INTO n;
                    RETURN n;
                END $$;
                CREATE FUNCTION definer() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*) FROM film';
                CREATE FUNCTION nap(float8) RETURNS void LANGUAGE internal AS 'pg_sleep';
                CREATE FUNCTION sleepy() RETURNS int LANGUAGE sql AS 'SELECT 1 FROM pg_catalog.pg_sleep(5)';
                CREATE FUNCTION locker() RETURNS bool LANGUAGE sql AS 'SELECT pg_try_advisory_lock(42)';
                CREATE FUNCTION bump() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('seq') $$;
                CREATE FUNCTION reseed() RETURNS void LANGUAGE sql AS 'SELECT setseed(0.5)';
                CREATE FUNCTION via_bump() RETURNS bigint LANGUAGE sql RETURN bump() + 1;
                """);
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build())
                .discoverTools(false).build();
        executor = pgmcp.database(null).executor();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    @AfterEach
    void nothingChanged() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM audit), (SELECT last_value FROM seq), "
                     + "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "rows written to audit");
            assertEquals(1, rs.getLong(2), "sequence moved");
            assertEquals(0, rs.getLong(3), "advisory locks held");
        }
    }

    private static List<List<Object>> rows(String sql) {
        return executor.query(sql, List.of(), 100).rows();
    }

    @Test
    void volatileUserFunctionsThatOnlyReadRun() {
        assertEquals(List.of(List.of(10), List.of(20)), rows("SELECT * FROM film_in_stock(1)"));
        assertEquals(List.of(List.of(2L)), rows("SELECT stock_count(1)"));
        assertEquals(List.of(List.of(10L)), rows("SELECT public.films()"));
        assertEquals(List.of(List.of(5)), rows("SELECT countdown(5)"));
        assertEquals(1, rows("SELECT dice() FROM film WHERE id = 1").size());
        assertEquals(List.of(List.of(2L)), rows("SELECT count(*) FROM film f WHERE stock_count(f.id) = 2 AND f.id < 3"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SELECT log_it()|public.log_it|its body runs a statement other than a query (INSERT at line 3, column 5)",
            "SELECT indirect()|public.indirect|it calls public.log_it, which is VOLATILE and its body runs a statement",
            "SELECT dynamic('film')|public.dynamic|it runs dynamic SQL (EXECUTE at line 4, column 5 of its body)",
            "SELECT definer()|public.definer|it is SECURITY DEFINER",
            "SELECT nap(1)|public.nap|it is written in internal, whose code pgmcp cannot read",
            "SELECT sleepy()|public.sleepy|it calls pg_catalog.pg_sleep, which is denied",
            "SELECT locker()|public.locker|it calls pg_try_advisory_lock, which is denied",
            "SELECT bump()|public.bump|it calls nextval, which is denied",
            "SELECT reseed()|public.reseed|it calls pg_catalog.setseed, which is VOLATILE",
            "SELECT via_bump()|public.via_bump|it calls public.bump, which is VOLATILE and it calls nextval",
            "SELECT f.id FROM film f WHERE f.id = 1 AND log_it() = 1|public.log_it|INSERT"})
    void volatileUserFunctionsThatMayDoMoreAreRefusedSayingWhy(String sql, String function, String why) {
        SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> executor.query(sql, List.of(), 10), sql);
        assertEquals(Reason.VOLATILE_FUNCTION, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Function " + function + " is not allowed: it is VOLATILE"), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().contains("PGMCP_ALLOWED_FUNCTIONS"), e.getMessage());
    }

    @Test
    void theAllowlistStillDecidesForTheRestAndTheReadOnlyTransactionHolds() {
        try (PgMcp allowing = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .allowFunctions(List.of("public.definer", "public.log_it")).build()).discoverTools(false).build()) {
            QueryExecutor ex = allowing.database(null).executor();
            assertEquals(List.of(List.of(10L)), ex.query("SELECT definer()", List.of(), 10).rows());
            QueryException e = assertThrows(QueryException.class, () -> ex.query("SELECT log_it()", List.of(), 10));
            assertEquals("25006", e.sqlState(), e.describe());
            // Allowing log_it lets indirect() through too: what it calls is allowed.
            assertEquals("25006", assertThrows(QueryException.class,
                    () -> ex.query("SELECT indirect()", List.of(), 10)).sqlState());
        }
    }
}
