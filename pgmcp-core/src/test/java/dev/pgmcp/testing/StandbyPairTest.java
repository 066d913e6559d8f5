package dev.pgmcp.testing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fixture itself: the standby is in recovery and replays what the primary writes. */
class StandbyPairTest {

    @Test
    void theStandbyReplaysThePrimary() {
        try (StandbyPair pair = StandbyPair.start()) {
            assertEquals("false", StandbyPair.scalar(pair.primaryUrl(), "SELECT pg_is_in_recovery()"));
            assertEquals("true", StandbyPair.scalar(pair.standbyUrl(), "SELECT pg_is_in_recovery()"));
            StandbyPair.run(pair.primaryUrl(), "CREATE TABLE t AS SELECT 42 AS v");
            pair.awaitCaughtUp();
            assertEquals("42", StandbyPair.scalar(pair.standbyUrl(), "SELECT v FROM t"));
        }
    }
}
