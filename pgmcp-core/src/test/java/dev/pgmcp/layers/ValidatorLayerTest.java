package dev.pgmcp.layers;

import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.testing.SqlCorpus.Entry;
import dev.pgmcp.testing.SqlCorpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Layer 1 (and the name-based part of layer 2) on its own: the validator as a pure unit, no
 * database, no transaction, no role. Every hostile corpus entry expected {@code rejected} must be
 * refused with a {@link SqlRejectedException} whose message is one line; nothing else may escape.
 *
 * <p>Entries tagged {@code @needs-volatility} are caught only by the pg_proc volatility policy
 * (which needs the database's catalog) and are listed, not asserted, here; the denied-relation
 * entries need the relation lists and the catalog, and are asserted by HostileCorpusTest.
 */
class ValidatorLayerTest {

    private static final SqlValidator VALIDATOR = SqlValidator.withDefaults();

    @TestFactory
    Stream<DynamicTest> everyRejectedEntryIsRefusedByTheValidatorAlone() {
        return SqlCorpus.hostile().stream()
                .filter(SqlCorpus::refusedByTheValidatorAlone)
                .map(e -> DynamicTest.dynamicTest(e.displayName(), () -> assertRefused(e)));
    }

    private static void assertRefused(Entry e) {
        try {
            VALIDATOR.validate(e.sql());
        } catch (SqlRejectedException rejected) {
            String message = rejected.getMessage();
            assertFalse(message == null || message.isBlank(), "empty rejection message for " + e.describe());
            assertEquals(-1, message.indexOf('\n'), "multi-line rejection message for " + e.describe());
            return;
        } catch (RuntimeException | StackOverflowError other) {
            fail("validator threw " + other + " instead of SqlRejectedException for " + e.describe(), other);
        }
        fail("validator ACCEPTED hostile entry " + e.describe());
    }

    /** Prints which volatility-only entries the name denylist lets through today (for the merge). */
    @Test
    void volatilityOnlyEntriesAreListed() {
        List<Entry> needing = SqlCorpus.hostile().stream().filter(e -> e.has(SqlCorpus.NEEDS_VOLATILITY)).toList();
        assertTrue(needing.size() < SqlCorpus.hostile().size() / 10,
                "too many entries excluded as @needs-volatility: " + needing.size());
        for (Entry e : needing) {
            String outcome;
            try {
                VALIDATOR.validate(e.sql());
                outcome = "accepted (needs the volatility policy)";
            } catch (SqlRejectedException r) {
                outcome = "already rejected: " + r.reason() + " (the tag can go)";
            }
            System.err.println("@needs-volatility " + e.displayName() + " -> " + outcome);
        }
    }
}
