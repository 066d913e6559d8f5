package dev.pgmcp.internal.policy;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.ValidationMode;
import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.internal.sql.FunctionPolicy;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.SqlRejectedException.Reason;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function half of layer 2 against a real PostgreSQL: volatility from {@code pg_proc}, the
 * allowlist, unknown functions, name resolution, catalog reloads, and the {@code role} mode.
 */
class FunctionPolicyAgainstPostgresTest {

    static String url;
    static PgMcp strict;
    static QueryExecutor executor;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("fnpolicy");
        TestPostgres.run(url, """
                CREATE TABLE audit (x int);
                CREATE TABLE t (a int, b text);
                INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'x');
                CREATE FUNCTION write_audit() RETURNS int LANGUAGE plpgsql VOLATILE AS
                  $$ BEGIN INSERT INTO audit VALUES (1); RETURN 1; END $$;
                CREATE FUNCTION audit_rows() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM audit $$;
                CREATE FUNCTION twice(i int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT i * 2 $$;
                CREATE SCHEMA other;
                CREATE FUNCTION other.vf() RETURNS int LANGUAGE sql VOLATILE AS $$ SELECT 1 FROM setseed(0.5) $$;
                CREATE FUNCTION public.dual() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 1 $$;
                CREATE FUNCTION other.dual() RETURNS int LANGUAGE sql VOLATILE AS $$ SELECT 1 FROM setseed(0.5) $$;
                """);
        strict = engine(b -> b);
        executor = strict.database(null).executor();
    }

    @AfterAll
    static void stop() {
        strict.close();
    }

    static PgMcp engine(UnaryOperator<PgMcpConfig.Builder> settings) {
        PgMcpConfig config = settings.apply(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)).build();
        return PgMcp.builder(config).discoverTools(false).build();
    }

    static long auditRows() {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM audit")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static SqlRejectedException rejected(QueryExecutor ex, String sql, Reason reason) {
        SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> ex.query(sql, List.of(), 10), sql);
        assertEquals(reason, e.reason(), sql + " -> " + e.getMessage());
        return e;
    }

    /** A policy on its own (no explicit denylist in the validator), reading the test database. */
    static void checkAlone(QueryPolicy policy, String sql) {
        policy.check(new SqlValidator(FunctionPolicy.none()).validate(sql));
    }

    static QueryPolicy strictPolicy(CatalogNames names) {
        return new QueryPolicy(ValidationMode.STRICT, List.of(), RelationRules.defaults(), names);
    }

    static CatalogNames names(Duration missReloadInterval) {
        return new CatalogNames(executor::inReadOnlyTransaction, CatalogNames.DEFAULT_SEARCH_PATH, false,
                missReloadInterval, Clock.systemUTC());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT write_audit()",
            "SELECT * FROM write_audit()",
            "SELECT 1 FROM t WHERE write_audit() > 0",
            "SELECT a FROM t ORDER BY write_audit()",
            "WITH c AS (SELECT public.write_audit() AS x) SELECT * FROM c",
            "SELECT 1 UNION ALL SELECT write_audit()",
            "SELECT * FROM t CROSS JOIN LATERAL (SELECT write_audit()) w",
            "SELECT count(*) FILTER (WHERE write_audit() = 1) FROM t",
            "SELECT CAST(write_audit() AS text)",
            "EXPLAIN SELECT write_audit()"})
    void volatileUserFunctionThatWritesIsRejected(String sql) {
        SqlRejectedException e = rejected(executor, sql, Reason.VOLATILE_FUNCTION);
        assertTrue(e.getMessage().contains("public.write_audit"), e.getMessage());
        assertTrue(e.getMessage().contains("VOLATILE"), e.getMessage());
        assertEquals(0, auditRows());
    }

    @Test
    void stableAndImmutableUserFunctionsAreAccepted() {
        assertEquals(List.of(List.of(0L, 4)), executor.query("SELECT audit_rows(), public.twice(2)", List.of(), 10).rows());
        assertEquals(List.of(List.of(1)), executor.query("SELECT dual()", List.of(), 10).rows());
    }

    @Test
    void harmlessVolatileFunctionsAreAllowlisted() {
        var r = executor.query("SELECT random() < 2, clock_timestamp() IS NOT NULL, gen_random_uuid() IS NOT NULL,"
                + " pg_total_relation_size('t') >= 0, pg_catalog.pg_database_size(current_database()) > 0,"
                + " timeofday() <> ''", List.of(), 10);
        assertEquals(List.of(List.of(true, true, true, true, true, true)), r.rows());
        assertEquals(2, executor.query("SELECT * FROM t TABLESAMPLE BERNOULLI (100) REPEATABLE (1) WHERE b = 'x'",
                List.of(), 10).rowCount());
    }

    @Test
    void everyDefaultAllowlistEntryIsARealVolatileFunction() {
        CatalogNames.Snapshot catalog = names(CatalogNames.DEFAULT_MISS_RELOAD_INTERVAL).snapshot();
        for (String entry : QueryPolicy.DEFAULT_ALLOWED_VOLATILE) {
            var name = dev.pgmcp.internal.sql.QualifiedName.parse(entry);
            if (name.schema() == null) {
                continue; // extension functions (tsm_system_rows/time) are not installed here
            }
            assertEquals(Map.of("pg_catalog", Volatility.VOLATILE), catalog.function(name), entry);
        }
    }

    @Test
    void stateChangingVolatileBuiltinsStayOut() {
        QueryPolicy policy = strictPolicy(names(CatalogNames.DEFAULT_MISS_RELOAD_INTERVAL));
        for (String sql : List.of("SELECT setseed(0.5)", "SELECT pg_stat_reset()", "SELECT lo_creat(-1)",
                "SELECT pg_export_snapshot()", "SELECT array_length(ARRAY[setseed(0)], 1)")) {
            SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> checkAlone(policy, sql), sql);
            assertEquals(Reason.VOLATILE_FUNCTION, e.reason(), sql);
        }
    }

    @Test
    void unknownFunctionIsRejectedWithAHint() {
        SqlRejectedException e = rejected(executor, "SELECT no_such_function(1)", Reason.UNKNOWN_FUNCTION);
        assertTrue(e.getMessage().contains("no_such_function"), e.getMessage());
        assertTrue(e.getMessage().contains("refresh_schema"), e.getMessage());
        assertTrue(e.getMessage().contains("public"), e.getMessage());
        rejected(executor, "SELECT a FROM t WHERE lowr(b) = 'x'", Reason.UNKNOWN_FUNCTION);
    }

    @Test
    void pgSleepIsRejectedByVolatilityWithTheDenylistEmptied() {
        QueryPolicy policy = strictPolicy(names(CatalogNames.DEFAULT_MISS_RELOAD_INTERVAL));
        for (String call : List.of("pg_sleep(1)", "pg_catalog.pg_sleep(1)", "PG_SLEEP(1)", "\"pg_sleep\"(1)")) {
            SqlRejectedException e = assertThrows(SqlRejectedException.class,
                    () -> checkAlone(policy, "SELECT " + call));
            assertEquals(Reason.VOLATILE_FUNCTION, e.reason(), call);
            assertTrue(e.getMessage().contains("pg_catalog.pg_sleep"), e.getMessage());
        }
        // The same layer alone at every position the tree walk covers.
        for (var position : dev.pgmcp.internal.sql.DenyPositionsAccess.templates().entrySet()) {
            String sql = position.getValue().formatted("pg_sleep(0)");
            SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> checkAlone(policy, sql), sql);
            assertEquals(Reason.VOLATILE_FUNCTION, e.reason(), position.getKey() + ": " + e.getMessage());
        }
    }

    @Test
    void tokenLevelCandidatesGetTheVolatilityCheck() {
        // Table and column names are irrelevant: the policy sees only the references.
        QueryPolicy policy = strictPolicy(names(CatalogNames.DEFAULT_MISS_RELOAD_INTERVAL));
        var validated = new SqlValidator(FunctionPolicy.none()).validate("SELECT 1 WHERE 1 IN (1)");
        var onlyTokens = new dev.pgmcp.internal.sql.ValidatedStatement(validated.sql(), validated.kind(), 0,
                new dev.pgmcp.internal.sql.References(List.of(), List.of(),
                        List.of(new dev.pgmcp.internal.sql.QualifiedName(null, "pg_sleep")), java.util.Set.of(), false));
        SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> policy.check(onlyTokens));
        assertEquals(Reason.VOLATILE_FUNCTION, e.reason());
        // Unknown token-level names (keywords, type modifiers) are never an error.
        assertDoesNotThrow(() -> checkAlone(policy, "SELECT '1'::varchar(10), CAST(1 AS numeric(10, 2)), "
                + "now()::timestamp(0), 'x'::character varying(3) WHERE 1 IN (1) AND EXISTS (SELECT 1)"));
    }

    @Test
    void qualifiedAndUnqualifiedNamesResolveLikePostgres() {
        // Qualified: only that schema.
        rejected(executor, "SELECT other.vf()", Reason.VOLATILE_FUNCTION);
        SqlRejectedException e = rejected(executor, "SELECT other.audit_rows()", Reason.UNKNOWN_FUNCTION);
        assertTrue(e.getMessage().contains("schema other"), e.getMessage());
        // Unqualified: pg_catalog and the search path ("$user", public), not other.
        rejected(executor, "SELECT vf()", Reason.UNKNOWN_FUNCTION);
        // public.dual is STABLE, other.dual VOLATILE: the name resolves to public unless qualified.
        assertEquals(List.of(List.of(1)), executor.query("SELECT dual()", List.of(), 10).rows());
        SqlRejectedException d = rejected(executor, "SELECT other.dual()", Reason.VOLATILE_FUNCTION);
        assertTrue(d.getMessage().contains("other.dual"), d.getMessage());
        // A configured search path puts other on it: then dual() may resolve to the volatile one.
        CatalogNames withOther = new CatalogNames(executor::inReadOnlyTransaction, List.of("public", "other"), false);
        SqlRejectedException both = assertThrows(SqlRejectedException.class,
                () -> checkAlone(strictPolicy(withOther), "SELECT dual()"));
        assertEquals(Reason.VOLATILE_FUNCTION, both.reason());
        assertDoesNotThrow(() -> checkAlone(strictPolicy(withOther), "SELECT public.dual()"));
    }

    @Test
    void allowlistedVolatileFunctionRunsAndTheReadOnlyTransactionStillHolds() {
        try (PgMcp allowing = engine(b -> b.allowFunctions(List.of("public.write_audit")))) {
            QueryException e = assertThrows(QueryException.class,
                    () -> allowing.database(null).executor().query("SELECT write_audit()", List.of(), 10));
            assertEquals("25006", e.sqlState(), e.describe());
            // Only that schema's function is allowlisted.
            rejected(allowing.database(null).executor(), "SELECT other.vf()", Reason.VOLATILE_FUNCTION);
        }
        assertEquals(0, auditRows());
    }

    @Test
    void functionCreatedAfterTheFirstLoadIsFoundAfterTheMissReload() {
        CatalogNames names = names(Duration.ZERO);
        QueryPolicy policy = strictPolicy(names);
        assertDoesNotThrow(() -> checkAlone(policy, "SELECT twice(1)"));
        assertEquals(1, names.loadCount());
        TestPostgres.run(url, "CREATE FUNCTION late_fn() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 7 $$");
        assertDoesNotThrow(() -> checkAlone(policy, "SELECT late_fn()"));
        assertEquals(2, names.loadCount());
        // Found now: no further reload.
        assertDoesNotThrow(() -> checkAlone(policy, "SELECT late_fn()"));
        assertEquals(2, names.loadCount());
    }

    @Test
    void missReloadsAreRateLimitedAndInvalidateForcesOne() {
        CatalogNames names = names(Duration.ofHours(1));
        QueryPolicy policy = strictPolicy(names);
        assertDoesNotThrow(() -> checkAlone(policy, "SELECT twice(1)"));
        TestPostgres.run(url, "CREATE FUNCTION later_fn() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 8 $$");
        for (int i = 0; i < 3; i++) {
            SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> checkAlone(policy, "SELECT later_fn()"));
            assertEquals(Reason.UNKNOWN_FUNCTION, e.reason());
        }
        assertEquals(1, names.loadCount());
        names.invalidate();
        assertDoesNotThrow(() -> checkAlone(policy, "SELECT later_fn()"));
        assertEquals(2, names.loadCount());
    }

    @Test
    void refreshSchemaReloadsTheFunctionCatalog() {
        try (PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build()).build()) {
            QueryExecutor ex = engine.database(null).executor();
            assertEquals(1, ex.query("SELECT twice(0) + 1", List.of(), 10).rowCount());
            TestPostgres.run(url, "CREATE FUNCTION newest_fn() RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 9 $$");
            ToolResult refreshed = engine.callTool("refresh_schema", Map.of());
            assertFalse(refreshed.error(), refreshed.text());
            assertEquals(List.of(List.of(9)), ex.query("SELECT newest_fn()", List.of(), 10).rows());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT coalesce(NULL, 1), greatest(1, 2), least(1, 2), nullif(1, 2)",
            "SELECT ROW(1, 2), ARRAY[1, 2], ARRAY(SELECT a FROM t)",
            "SELECT a, count(*) FROM t GROUP BY ROLLUP (a)",
            "SELECT a, b, grouping(a, b) FROM t GROUP BY CUBE (a, b)",
            "SELECT a, b FROM t GROUP BY GROUPING SETS ((a), (b), ())",
            "SELECT extract(year FROM now()), CAST(1 AS numeric(10, 2)), '1'::varchar(10), now()::timestamp(0), interval '1 day'",
            "SELECT trim(both 'x' FROM 'xax'), position('a' IN 'bab'), substring('abc' FROM 1 FOR 2), overlay('abc' PLACING 'x' FROM 2)",
            "SELECT current_timestamp(3), localtimestamp(2), current_time(1), localtime(1), current_date, current_user",
            "SELECT xmlelement(name foo, 'x'), xmlforest(1 AS a), xmlconcat('<a/>'::xml), xmlparse(document '<a/>')",
            "SELECT xmlexists('//a' PASSING BY REF ('<a/>'::xml))",
            "SELECT * FROM xmltable('/a' PASSING ('<a><x>1</x></a>'::xml) COLUMNS x int PATH 'x') xt",
            "SELECT json_object('a': 1), json_array(1, 2), json_scalar(1), json_serialize('{}'::json), json('{}')",
            "SELECT json_value('{\"a\": 1}'::jsonb, '$.a'), json_query('{}'::jsonb, '$'), json_exists('{}'::jsonb, '$.a')",
            "SELECT * FROM json_table('[1, 2]'::jsonb, '$[*]' COLUMNS (x int PATH '$')) jt",
            "SELECT 1 = ANY(ARRAY[1]), 1 = ALL(ARRAY[1]), 1 = SOME(ARRAY[1])",
            "SELECT * FROM t TABLESAMPLE SYSTEM (100)",
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a), mode() WITHIN GROUP (ORDER BY b) FROM t",
            "SELECT count(*) FILTER (WHERE a > 1) OVER (), sum(a) OVER (PARTITION BY b), row_number() OVER w FROM t WINDOW w AS (ORDER BY a)",
            "SELECT string_agg(b, ',' ORDER BY a DESC) FROM t",
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
            "SELECT * FROM generate_series(1, 3) AS g(x), ROWS FROM (generate_series(1, 2), unnest(ARRAY['a'])) AS r(y, z)",
            "SELECT DISTINCT ON (b) b, a FROM t ORDER BY b, a",
            "SELECT pg_catalog.now() IS NOT NULL, pg_catalog.lower('A'), upper(b) FROM t",
            "SELECT jsonb_build_object('a', a) -> 'a', to_char(now(), 'YYYY'), date_trunc('day', now()) FROM t",
            "EXPLAIN SELECT * FROM t WHERE a = 1",
            "EXPLAIN (FORMAT JSON) SELECT count(*) FROM t"})
    void sqlSyntaxThatLooksLikeACallIsAccepted(String sql) {
        QueryException unexpected = null;
        try {
            executor.query(sql, List.of(), 10);
        } catch (QueryException e) {
            unexpected = e;
        }
        assertEquals(null, unexpected == null ? null : unexpected.describe(), sql);
    }

    @Test
    void roleModeSkipsVolatilityAndUnknownChecksButKeepsTheRest() {
        try (PgMcp role = engine(b -> b.validation(ValidationMode.ROLE))) {
            QueryExecutor ex = role.database(null).executor();
            // Volatile and not denied: sent; the READ ONLY transaction stops the write.
            QueryException ro = assertThrows(QueryException.class, () -> ex.query("SELECT write_audit()", List.of(), 10));
            assertEquals("25006", ro.sqlState(), ro.describe());
            assertEquals(1, ex.query("SELECT other.vf()", List.of(), 10).rowCount());
            // Unknown: PostgreSQL's own error.
            QueryException unknown = assertThrows(QueryException.class, () -> ex.query("SELECT nope_fn()", List.of(), 10));
            assertEquals("42883", unknown.sqlState(), unknown.describe());
            // Still one statement, still the denylist, still the credential catalogs.
            rejected(ex, "SELECT 1; SELECT write_audit()", Reason.MULTIPLE_STATEMENTS);
            rejected(ex, "SELECT other.vf(); DELETE FROM audit", Reason.MULTIPLE_STATEMENTS);
            rejected(ex, "SELECT pg_sleep(1)", Reason.DENIED_FUNCTION);
            rejected(ex, "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", Reason.DATA_MODIFYING_CTE);
            rejected(ex, "SELECT * FROM pg_authid", Reason.DENIED_RELATION);
        }
        assertEquals(0, auditRows());
    }
}
