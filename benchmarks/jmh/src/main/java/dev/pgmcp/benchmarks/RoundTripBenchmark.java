package dev.pgmcp.benchmarks;

import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.engine.Databases;
import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.testing.TestPostgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A point query's full round trip through {@link QueryExecutor} against a real PostgreSQL on
 * loopback: pool checkout, {@code SET LOCAL} timeouts, the parameterised SELECT by primary key in a
 * READ ONLY transaction, reading the row, rollback. {@code query} validates the SQL first (as for a
 * model's query); {@code queryTrusted} skips the validator (as for a tool's own SQL) but still
 * rewrites placeholders. Their difference is the validator's share of a call.
 *
 * <p>The server is {@link TestPostgres}'s: the one {@code PGMCP_TEST_JDBC_URL} names (a superuser
 * URL), else an embedded PostgreSQL started in the benchmark's JVM. A fresh database gets a
 * 1,000-row {@code customers} table, and pgmcp connects as a read-only role
 * ({@value #READER}), as a deployment should. The database is dropped afterwards.
 *
 * <p>Score: average microseconds per call (one benchmark thread, one connection in use).
 *
 * <p>Warm-up is longer than elsewhere: at a few thousand calls per second, JSqlParser's generated
 * parser (large methods, slow to compile) is still being compiled after the usual 3 × 2 s, which
 * made {@code query} look several times slower than it is.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 3)
public class RoundTripBenchmark {

    static final String READER = "pgmcp_bench_reader";
    private static final int CUSTOMERS = 1000;

    private String adminUrl;
    private String database;
    private Databases databases;
    private QueryExecutor executor;
    private int nextId;

    /** Starts (or reaches) PostgreSQL, creates and fills the database, builds the executor. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        adminUrl = TestPostgres.adminUrl();
        String url = TestPostgres.freshDatabase("bench");
        database = currentDatabase(url);
        TestPostgres.run(url, """
                CREATE TABLE customers (
                    id         int PRIMARY KEY,
                    name       text NOT NULL,
                    email      text NOT NULL,
                    country    text NOT NULL,
                    balance    numeric(12, 2) NOT NULL,
                    active     boolean NOT NULL,
                    created_at timestamptz NOT NULL
                );
                INSERT INTO customers
                SELECT i, 'Customer ' || i, 'customer' || i || '@example.com', (ARRAY['DE', 'FR', 'US', 'JP'])[1 + i %% 4],
                       (i * 37 %% 100000) / 100.0, i %% 3 <> 0, timestamptz '2025-01-01 00:00+00' + i * interval '7 minutes'
                FROM generate_series(1, %d) AS i;
                ANALYZE customers;
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s') THEN
                        CREATE ROLE %s LOGIN;
                    END IF;
                END $$;
                GRANT SELECT ON customers TO %s;
                """.formatted(CUSTOMERS, READER, READER, READER));
        PgMcpConfig config = PgMcpConfig.builder()
                .database("bench", url, READER, null)
                .poolMinIdle(1)
                .poolMaxSize(2)
                .statementTimeout(Duration.ofSeconds(10))
                .build();
        databases = new Databases(config);
        executor = databases.get(null).executor();
        QueryResult check = executor.query(ValidatorBenchmark.SHORT_QUERY, List.of(1), 100);
        if (check.rowCount() != 1) {
            throw new IllegalStateException("set-up check: expected one customer, got " + check.rowCount());
        }
    }

    /** Closes the pool and drops the database. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (databases != null) {
            databases.close();
        }
        if (database != null) {
            TestPostgres.run(adminUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Validated: what a model's {@code execute_query} with a parameter costs. */
    @Benchmark
    public QueryResult query() {
        return executor.query(ValidatorBenchmark.SHORT_QUERY, List.of(nextId()), 100);
    }

    /** Not validated: the same statement as a tool's own SQL. */
    @Benchmark
    public QueryResult queryTrusted() {
        return executor.queryTrusted(ValidatorBenchmark.SHORT_QUERY, List.of(nextId()), 100);
    }

    /** Walks all customers so no single row or plan is favoured. */
    private int nextId() {
        nextId = nextId % CUSTOMERS + 1;
        return nextId;
    }

    private static String currentDatabase(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
