package dev.pgmcp.benchmarks;

import dev.pgmcp.internal.sql.SqlScripts;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.spi.SqlRejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL texts the validator benchmarks feed in: the long analytical query and the benign corpus,
 * read from this module's resources or, for the corpus, from a file named at run time (the test
 * suite's {@code pgmcp-core/src/test/resources/corpus/benign.sql}, for instance).
 */
final class Corpus {

    /** System property naming a corpus file, used when the JMH parameter is left at {@link #BUILT_IN}. */
    static final String PROPERTY = "pgmcp.bench.corpus";

    /** JMH parameter value meaning: use this module's own corpus (unless {@link #PROPERTY} is set). */
    static final String BUILT_IN = "builtin";

    private static final String BUILT_IN_RESOURCE = "benign-corpus.sql";
    private static final String LONG_QUERY_RESOURCE = "long-query.sql";

    private Corpus() {
    }

    /** @return the long analytical query (about 4 kB: CTEs, joins, window functions, CASE, subqueries) */
    static String longQuery() {
        List<String> statements = SqlScripts.split(resource(LONG_QUERY_RESOURCE));
        if (statements.size() != 1) {
            throw new IllegalStateException(LONG_QUERY_RESOURCE + " must hold exactly one statement, not " + statements.size());
        }
        return statements.get(0);
    }

    /**
     * Loads the corpus and keeps the statements the validator accepts, so the benchmark measures
     * acceptance, not the exception path. Rejected statements are listed on stderr (they are
     * false rejections if the file is a benign corpus).
     *
     * @param param     the JMH parameter: a file path, or {@link #BUILT_IN}
     * @param validator the validator to screen with
     * @return the accepted statements, at least one
     * @throws UncheckedIOException  when the file cannot be read
     * @throws IllegalStateException when nothing is accepted
     */
    static List<String> benign(String param, SqlValidator validator) {
        String path = BUILT_IN.equals(param) ? System.getProperty(PROPERTY, "") : param;
        String source = path.isBlank() ? "built-in " + BUILT_IN_RESOURCE : path;
        List<String> all = SqlScripts.split(path.isBlank() ? resource(BUILT_IN_RESOURCE) : file(Path.of(path)));
        List<String> accepted = new ArrayList<>(all.size());
        for (String sql : all) {
            try {
                validator.validate(sql);
                accepted.add(sql);
            } catch (SqlRejectedException e) {
                System.err.println("corpus: rejected, left out of the benchmark: " + e.getMessage()
                        + "\n    " + sql.replaceAll("\\s+", " "));
            }
        }
        if (accepted.isEmpty()) {
            throw new IllegalStateException("no statement of " + source + " is accepted by the validator");
        }
        System.err.printf("corpus: %s, %d statements, %d accepted, %d characters on average%n", source, all.size(),
                accepted.size(), accepted.stream().mapToInt(String::length).sum() / accepted.size());
        return accepted;
    }

    private static String file(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + Corpus.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
