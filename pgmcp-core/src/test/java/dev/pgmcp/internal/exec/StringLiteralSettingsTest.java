package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.pool.PoolManager;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.TestRoles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pgmcp's lexer reads string literals as PostgreSQL does with {@code standard_conforming_strings = on}
 * (a backslash is an ordinary character in {@code '...'}). A role's or database's own default
 * ({@code ALTER ROLE/DATABASE ... SET standard_conforming_strings = off}) must not make PostgreSQL
 * read a statement otherwise: there {@code 'x\'} does not end at its second quote, and what the
 * validator took for the inside of a literal would run as SQL (here: a read of a denied table).
 */
class StringLiteralSettingsTest {

    /** Two literals for pgmcp; with standard_conforming_strings = off, a read of {@code secret} between two literals. */
    private static final String PAYLOAD =
            "SELECT 'x\\' AS a, ' , (SELECT v FROM public.secret) , ' AS b --'";
    /** The two values PostgreSQL returns when it reads the payload as pgmcp does. */
    private static final List<Object> AS_PGMCP_READS_IT = List.of("x\\", " , (SELECT v FROM public.secret) , ");

    private static String adminUrl;
    private static String roleDatabaseUrl;
    private static String offDatabaseUrl;
    private static TestRoles.Role role;

    @BeforeAll
    static void setUp() {
        adminUrl = TestPostgres.adminUrl();
        role = TestRoles.create(adminUrl, "scs_off", "");
        TestPostgres.run(adminUrl, "ALTER ROLE " + role.name() + " SET standard_conforming_strings = off; "
                + "ALTER ROLE " + role.name() + " SET backslash_quote = on");
        String secret = "CREATE TABLE secret (v text); INSERT INTO secret VALUES ('the secret value'); ";
        roleDatabaseUrl = TestPostgres.freshDatabase("scs_role");
        // The role may read the table: only pgmcp's table policy stands between a caller and it.
        TestPostgres.run(roleDatabaseUrl, secret + "GRANT SELECT ON secret TO " + role.name());
        offDatabaseUrl = TestPostgres.freshDatabase("scs_database");
        String database = offDatabaseUrl.substring(offDatabaseUrl.lastIndexOf('/') + 1, offDatabaseUrl.indexOf('?'));
        TestPostgres.run(adminUrl, "ALTER DATABASE " + database + " SET standard_conforming_strings = off");
        TestPostgres.run(offDatabaseUrl, secret);
    }

    @AfterAll
    static void tearDown() {
        TestRoles.dropQuietly(adminUrl, role);
    }

    private static PgMcp engine(PgMcpConfig.Builder builder) {
        PgMcpConfig config = builder.denyTables(List.of("public.secret")).allowUnsafeRole(true).build();
        return PgMcp.builder(config).discoverTools(false).build();
    }

    private static void assertReadAsPgmcpReadsIt(PgMcp pgmcp) {
        QueryExecutor executor = pgmcp.database(null).executor();
        // The policy holds for the plain read.
        assertThrows(SqlRejectedException.class, () -> executor.query("SELECT v FROM public.secret", List.of(), 10));
        QueryResult r = executor.query(PAYLOAD, List.of(), 10);
        assertEquals(List.of(AS_PGMCP_READS_IT), r.rows(),
                "PostgreSQL read the statement otherwise than the validator: " + Arrays.toString(r.rows().toArray()));
        assertEquals("on", executor.queryTrusted("SHOW standard_conforming_strings", List.of(), 1).rows().get(0).get(0));
        assertEquals("safe_encoding", executor.queryTrusted("SHOW backslash_quote", List.of(), 1).rows().get(0).get(0));
    }

    @Test
    void aRoleDefaultOfStandardConformingStringsOffDoesNotChangeHowStatementsAreRead() {
        try (PgMcp pgmcp = engine(PgMcpConfig.builder()
                .database("main", TestRoles.withoutCredentials(roleDatabaseUrl), role.name(), role.password()))) {
            assertReadAsPgmcpReadsIt(pgmcp);
        }
    }

    @Test
    void aDatabaseDefaultOfStandardConformingStringsOffDoesNotChangeHowStatementsAreRead() {
        try (PgMcp pgmcp = engine(PgMcpConfig.builder().database("main", offDatabaseUrl))) {
            assertReadAsPgmcpReadsIt(pgmcp);
        }
    }

    @Test
    void aSessionThatStillReadsBackslashEscapesIsRefused() throws Exception {
        PgMcpConfig config = PgMcpConfig.builder().database("main", offDatabaseUrl).poolMinIdle(0).build();
        try (PoolManager pools = new PoolManager(config)) {
            // As if something between pgmcp and PostgreSQL undid the pinned setting.
            TransactionOpener opener = new TransactionOpener(pools.dataSource("main"),
                    List.of("standard_conforming_strings", "off"));
            QueryException e = assertThrows(QueryException.class, opener::open);
            assertEquals("55000", e.sqlState());
            assertTrue(e.getMessage().contains("standard_conforming_strings is off"), e.getMessage());
            // The refused connection went back to the pool as no borrowed one: the pool still lends.
            try (Connection c = new TransactionOpener(pools.dataSource("main"), List.of()).open()) {
                assertTrue(c.isValid(1));
            }
        }
    }

    @Test
    void theSettingsHoldForEveryStatementOfAConnection() {
        try (PgMcp pgmcp = engine(PgMcpConfig.builder()
                .database("main", TestRoles.withoutCredentials(roleDatabaseUrl), role.name(), role.password())
                .poolMinIdle(0).poolMaxSize(1))) {
            for (int i = 0; i < 3; i++) {
                assertReadAsPgmcpReadsIt(pgmcp);
            }
        }
    }
}
