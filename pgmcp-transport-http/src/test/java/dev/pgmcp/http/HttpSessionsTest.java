package dev.pgmcp.http;

import dev.pgmcp.spi.Principal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session table's bounds: sessions per server, streams kept per session, the owner of a session. */
class HttpSessionsTest {

    static final Principal ALICE = new Principal("alice", "bearer", Set.of());

    @Test
    void aSessionKeepsAtMostSixteenStreamsDroppingTheOldestCompletedOnes() {
        HttpSessions sessions = new HttpSessions(10, Duration.ofMinutes(5));
        HttpSessions.Entry e = sessions.open(ALICE);
        SseStream first = e.newStream();
        first.complete();
        for (int i = 0; i < HttpSessions.MAX_STREAMS + 5; i++) {
            e.newStream().complete();
        }
        assertTrue(e.streams.size() <= HttpSessions.MAX_STREAMS, e.streams.size() + " streams kept");
        assertNull(e.streams.get(first.id()), "the oldest completed stream went first");
        SseStream running = e.newStream();
        for (int i = 0; i < HttpSessions.MAX_STREAMS * 2; i++) {
            e.newStream().complete();
        }
        assertNotNull(e.streams.get(running.id()), "a stream still running is never dropped for room");
    }

    @Test
    void aSessionIsFoundOnlyByItsOwnerAndTheCapHolds() {
        HttpSessions sessions = new HttpSessions(1, Duration.ofMinutes(5));
        HttpSessions.Entry e = sessions.open(ALICE);
        assertNull(sessions.open(ALICE), "one session at most");
        assertEquals(e, sessions.find(e.id, ALICE));
        assertNull(sessions.find(e.id, new Principal("bob", "bearer", Set.of())));
        sessions.remove(e.id);
        assertNotNull(sessions.open(ALICE), "room again once it ended");
    }
}
