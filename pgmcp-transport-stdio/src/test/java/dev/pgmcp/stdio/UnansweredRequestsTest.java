package dev.pgmcp.stdio;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnansweredRequestsTest {

    @Test
    void onlyRequestsThatDoWorkAreTrackedAndResponsesWithoutAMethodPass() {
        UnansweredRequests u = new UnansweredRequests();
        u.read(null, 5);                 // a client's response to sampling: no method
        u.read("initialize", 1);
        u.read("ping", 2);
        u.read("tools/call", null);      // not a request (a notification has no id)
        assertEquals(0, u.count());
        u.read("tools/call", 3);
        u.read("resources/read", "r1");
        u.read("prompts/get", 4L);
        assertEquals(3, u.count());
    }

    @Test
    void anIdMatchesHoweverEachSideDecodedItButAStringIdIsNotANumber() {
        UnansweredRequests u = new UnansweredRequests();
        u.read("tools/call", 7);
        u.read("tools/call", "7");
        u.answered(7L);
        assertEquals(1, u.count(), "the number 7 answered, the string \"7\" not yet");
        u.answered(7.0);
        assertEquals(1, u.count());
        u.answered("7");
        assertEquals(0, u.count());
    }

    @Test
    void awaitNoneReturnsWhenTheLastIsAnsweredOrFalseAtTheTimeout() throws Exception {
        UnansweredRequests u = new UnansweredRequests();
        assertTrue(u.awaitNone(Duration.ZERO), "nothing in flight: at once");
        u.read("tools/call", 1);
        assertFalse(u.awaitNone(Duration.ofMillis(50)));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return u.awaitNone(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(waiting.isDone());
        u.answered(1);
        assertTrue(waiting.get(10, TimeUnit.SECONDS));
    }
}
