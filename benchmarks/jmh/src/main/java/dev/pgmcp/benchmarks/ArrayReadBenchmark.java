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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reading array columns through {@link QueryExecutor#queryTrusted}: 1,000 rows of one array column
 * each, against a real PostgreSQL on loopback, so the score is the server's time plus pgmcp's
 * reading of the arrays into JSON-ready values (the server's share is the same for every way of
 * reading them, so differences between two builds are the reading's).
 *
 * <p>{@code transfer}: {@code text} connects with {@code prepareThreshold=0}, so every value comes
 * in PostgreSQL's text format; {@code binary} with {@code prepareThreshold=1}, so from the second
 * run of a statement pgJDBC asks for binary values where it can (for arrays: {@code int2[]},
 * {@code int4[]}, {@code int8[]}, {@code oid[]}, {@code float4[]}, {@code float8[]},
 * {@code text[]}, {@code varchar[]}, {@code bytea[]}; every other array still comes as text).
 *
 * <p>Score: average microseconds per 1,000-row query (one thread, one connection in use).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ArrayReadBenchmark {

    private static final int ROWS = 1000;

    @Param({"text", "binary"})
    public String transfer;

    private String adminUrl;
    private String database;
    private Databases databases;
    private QueryExecutor executor;

    /** Starts (or reaches) PostgreSQL, creates and fills the table, builds the executor. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        adminUrl = TestPostgres.adminUrl();
        String url = TestPostgres.freshDatabase("bencharrays");
        database = currentDatabase(url);
        TestPostgres.run(url, """
                CREATE TABLE arrays AS
                SELECT i,
                       ARRAY(SELECT i * 100 + j FROM generate_series(1, 20) AS j)::int4[] AS ints,
                       ARRAY(SELECT 'item ' || i || '-' || j FROM generate_series(1, 10) AS j)::text[] AS texts,
                       ARRAY(SELECT (i * 7 + j) / 100.0 FROM generate_series(1, 10) AS j)::numeric[] AS numerics,
                       ARRAY(SELECT timestamptz '2025-01-01 00:00+00' + (i * 10 + j) * interval '7 minutes 1.5 seconds'
                             FROM generate_series(1, 5) AS j)::timestamptz[] AS timestamptzs,
                       ARRAY(SELECT date '2025-01-01' + i + j FROM generate_series(1, 5) AS j)::date[] AS dates
                FROM generate_series(1, %d) AS i;
                ANALYZE arrays;
                """.formatted(ROWS));
        String threshold = transfer.equals("binary") ? "1" : "0";
        PgMcpConfig config = PgMcpConfig.builder()
                .database("bench", url + (url.contains("?") ? "&" : "?") + "prepareThreshold=" + threshold)
                .poolMinIdle(1)
                .poolMaxSize(1)
                .allowUnsafeRole(true)
                .build();
        databases = new Databases(config);
        executor = databases.get(null).executor();
        for (String column : List.of("ints", "texts", "numerics", "timestamptzs", "dates")) {
            QueryResult check = read(column);
            if (check.rowCount() != ROWS || !check.truncation().isEmpty()) {
                throw new IllegalStateException("set-up check: " + column + " gave " + check.rowCount()
                        + " rows, truncation " + check.truncation());
            }
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

    private QueryResult read(String column) {
        return executor.queryTrusted("SELECT " + column + " FROM arrays ORDER BY i", List.of(), ROWS);
    }

    /** {@code int4[]} of 20 elements: binary once prepared. */
    @Benchmark
    public QueryResult int4Arrays() {
        return read("ints");
    }

    /** {@code text[]} of 10 elements: binary once prepared. */
    @Benchmark
    public QueryResult textArrays() {
        return read("texts");
    }

    /** {@code numeric[]} of 10 elements: always text. */
    @Benchmark
    public QueryResult numericArrays() {
        return read("numerics");
    }

    /** {@code timestamptz[]} of 5 elements: always text. */
    @Benchmark
    public QueryResult timestamptzArrays() {
        return read("timestamptzs");
    }

    /** {@code date[]} of 5 elements: always text. */
    @Benchmark
    public QueryResult dateArrays() {
        return read("dates");
    }

    private static String currentDatabase(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
