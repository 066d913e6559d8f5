package dev.pgmcp.corpus;

import dev.pgmcp.corpus.ResultComparison.Mismatch;

import java.util.List;
import java.util.function.Predicate;

/**
 * The differences between pgmcp's results and PostgreSQL's own answers that BenignCorpusTest reports
 * without failing, each named and explained. Every one is listed in the test's output on every run,
 * so none goes unseen; an entry here is a decision to take, not a pass.
 */
final class KnownDifferences {

    /**
     * A known difference.
     *
     * @param name    a short name
     * @param why     what pgmcp does and why it differs
     * @param matches which mismatches it explains
     */
    record Known(String name, String why, Predicate<Mismatch> matches) {
    }

    /**
     * Each is a pgmcp fidelity gap found by holding the benign corpus against PostgreSQL, kept
     * visible until it is fixed (then its entry here goes, and the corpus keeps it fixed). None is
     * left: every value of every benign entry is PostgreSQL's.
     */
    static final List<Known> LIST = List.of();

    /**
     * A call that fails where PostgreSQL answers.
     *
     * @param name      a short name
     * @param why       what pgmcp does and why it fails
     * @param errorText which error texts it explains
     */
    record KnownFailure(String name, String why, Predicate<String> errorText) {
    }

    /** Failures of the whole call, by the error text pgmcp returns. */
    static final List<KnownFailure> FAILURES = List.of();

    private KnownDifferences() {
    }

    /** @return the name and reason of the known failure whose error text this is, or {@code null} */
    static String failure(String errorText) {
        for (KnownFailure k : FAILURES) {
            if (k.errorText().test(errorText)) {
                return k.name() + ": " + k.why();
            }
        }
        return null;
    }

    /** @return the name and reason of the known difference that explains {@code m}, or {@code null} */
    static String explain(Mismatch m) {
        for (Known k : LIST) {
            if (k.matches().test(m)) {
                return k.name() + ": " + k.why();
            }
        }
        return null;
    }
}
