package dev.pgmcp.benchmarks;

import dev.pgmcp.internal.sql.PlaceholderRewriter;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.internal.sql.ValidatedStatement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What checking caller SQL costs before anything is sent to PostgreSQL: {@link SqlValidator#validate}
 * (lexer, JSqlParser on its bounded parser thread, tree inspection, token guards) and, separately,
 * {@link PlaceholderRewriter#rewrite} ({@code $n} to JDBC {@code ?}), which every statement pays,
 * trusted or not.
 *
 * <p>Score: average time per statement in microseconds; statements per second is 1,000,000 divided
 * by it (one benchmark thread).
 *
 * <p>Parameter {@code corpus}: {@code builtin} (this module's 45 benign analytical queries, or the
 * file named by the system property {@value Corpus#PROPERTY}) or a path to a {@code ;}-separated
 * file such as {@code pgmcp-core/src/test/resources/corpus/benign.sql}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ValidatorBenchmark {

    /** The point query of the round-trip benchmark, so the two figures compare directly. */
    static final String SHORT_QUERY = "SELECT * FROM customers WHERE id = $1";

    /** Corpus to cycle through: {@code builtin} or a file path (see the class comment). */
    @Param(Corpus.BUILT_IN)
    public String corpus;

    private SqlValidator validator;
    private String longQuery;
    private String[] statements;
    private int next;

    /** Loads the texts and checks that every measured statement is accepted. */
    @Setup(Level.Trial)
    public void setUp() {
        validator = SqlValidator.withDefaults();
        longQuery = Corpus.longQuery();
        validator.validate(SHORT_QUERY);
        validator.validate(longQuery);
        List<String> accepted = Corpus.benign(corpus, validator);
        statements = accepted.toArray(String[]::new);
        System.err.printf("long query: %d characters%n", longQuery.length());
    }

    /** A one-line point query with one placeholder. */
    @Benchmark
    public ValidatedStatement validateShort() {
        return validator.validate(SHORT_QUERY);
    }

    /** A ~4 kB analytical query. */
    @Benchmark
    public ValidatedStatement validateLong() {
        return validator.validate(longQuery);
    }

    /** One corpus statement per operation, round robin: the score is the mean per statement. */
    @Benchmark
    public ValidatedStatement validateCorpus() {
        String sql = statements[next];
        next = next + 1 == statements.length ? 0 : next + 1;
        return validator.validate(sql);
    }

    /** The placeholder rewrite of the point query. */
    @Benchmark
    public PlaceholderRewriter.Rewritten rewriteShort() {
        return PlaceholderRewriter.rewrite(SHORT_QUERY);
    }

    /** The placeholder rewrite of the long query. */
    @Benchmark
    public PlaceholderRewriter.Rewritten rewriteLong() {
        return PlaceholderRewriter.rewrite(longQuery);
    }
}
