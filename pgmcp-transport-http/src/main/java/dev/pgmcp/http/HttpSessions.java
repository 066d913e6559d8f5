package dev.pgmcp.http;

import dev.pgmcp.mcp.Session;
import dev.pgmcp.spi.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The legacy-era sessions of the Streamable HTTP endpoint ({@code Mcp-Session-Id}, 2025-03-26
 * through 2025-11-25, "Session Management"): each is bound to the principal that opened it (a
 * session id presented with another principal's credentials is "not found"), expires after a time
 * without requests, and keeps its resumable SSE streams (at most {@value #MAX_STREAMS} per session, each
 * at most {@link SseStream#MAX_BYTES} bytes) for {@link #KEEP_COMPLETED_STREAMS} after they end. Session ids are
 * 192 random bits, base64url (visible ASCII, as the specification requires). Thread-safe.
 */
final class HttpSessions {

    /**
     * How long a completed stream stays resumable: a client that lost its connection reconnects after
     * the {@code retry} it was given (1 s), so half a minute is ample and keeps memory in check.
     */
    static final Duration KEEP_COMPLETED_STREAMS = Duration.ofSeconds(30);
    /** The most streams a session keeps for resumption (the oldest completed ones go first). */
    static final int MAX_STREAMS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(HttpSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One session: its protocol state, its owner, its streams. */
    static final class Entry {
        final String id;
        final Session session;
        final Map<String, SseStream> streams = new ConcurrentHashMap<>();
        final Set<SseStream> standalone = ConcurrentHashMap.newKeySet();
        private final AtomicLong lastUsed = new AtomicLong(System.nanoTime());
        private final AtomicLong nextStream = new AtomicLong();

        Entry(String id, Session session) {
            this.id = id;
            this.session = session;
        }

        /** @return a new resumable stream of this session */
        SseStream newStream() {
            if (streams.size() >= MAX_STREAMS) {
                streams.values().stream().filter(s -> s.completedAtNanos() != 0)
                        .min((a, b) -> Long.compare(a.completedAtNanos(), b.completedAtNanos()))
                        .ifPresent(oldest -> streams.remove(oldest.id()));
            }
            SseStream s = new SseStream(Long.toString(nextStream.incrementAndGet(), 36), true);
            streams.put(s.id(), s);
            return s;
        }



        void touch() {
            lastUsed.set(System.nanoTime());
        }

        void close() {
            streams.values().forEach(SseStream::complete);
            standalone.forEach(SseStream::complete);
            streams.clear();
            standalone.clear();
        }
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final int max;
    private final long idleNanos;

    /**
     * @param max  the most sessions open at once
     * @param idle how long a session lives without requests
     */
    HttpSessions(int max, Duration idle) {
        this.max = max;
        this.idleNanos = idle.toNanos();
    }

    /**
     * @return a new session for {@code principal}, or {@code null} when {@code max} are open (after
     *         expired ones are dropped)
     */
    Entry open(Principal principal) {
        sweep();
        if (sessions.size() >= max) {
            return null;
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Entry e = new Entry(id, Session.open(principal));
        sessions.put(id, e);
        return e;
    }

    /**
     * @return the session with this id opened by this principal, or {@code null}: unknown, expired,
     *         or opened by someone else (which is logged, and looks the same to the caller); a session
     *         found takes this request's claims (a refreshed token's)
     */
    Entry find(String id, Principal principal) {
        Entry e = id == null ? null : sessions.get(id);
        if (e == null) {
            return null;
        }
        if (System.nanoTime() - e.lastUsed.get() > idleNanos) {
            remove(id);
            return null;
        }
        if (!samePrincipal(e.session.principal(), principal)) {
            LOG.warn("session {}... presented by principal '{}' but opened by '{}'; refused as not found",
                    id.substring(0, 6), principal.name(), e.session.principal().name());
            return null;
        }
        e.session.renew(principal);
        e.touch();
        return e;
    }

    /** Ends a session: its streams end. */
    void remove(String id) {
        Entry e = sessions.remove(id);
        if (e != null) {
            e.close();
        }
    }

    /** @return how many sessions are open */
    int size() {
        return sessions.size();
    }

    /** Drops expired sessions and streams that completed long enough ago. */
    void sweep() {
        long now = System.nanoTime();
        long keep = KEEP_COMPLETED_STREAMS.toNanos();
        for (Iterator<Entry> it = sessions.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (now - e.lastUsed.get() > idleNanos) {
                it.remove();
                e.close();
                continue;
            }
            e.streams.values().removeIf(s -> s.completedAtNanos() != 0 && now - s.completedAtNanos() > keep);
        }
    }

    /** Ends every session (the endpoint closes). */
    void closeAll() {
        sessions.keySet().forEach(this::remove);
    }

    private static boolean samePrincipal(Principal a, Principal b) {
        return Objects.equals(a.name(), b.name()) && Objects.equals(a.authMethod(), b.authMethod());
    }
}
