package dev.pgmcp.schema;

import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Keeps the latest {@link CatalogSnapshot} of one database and reloads it when it is older than a TTL.
 *
 * <ul>
 *   <li>The first {@link #snapshot()} loads; later calls return the cached snapshot until it is at least
 *       {@code ttl} old (measured from the start of its load), then reload.</li>
 *   <li>Concurrent callers needing a load share one: one thread runs {@link SchemaIntrospector#load()},
 *       the others wait for its result (or its failure). There is never more than one load running.</li>
 *   <li>A failed load throws {@link SchemaUnavailableException} to every caller waiting for it and is not
 *       cached: the next call tries again. The previous snapshot stays cached but is not returned once
 *       stale.</li>
 * </ul>
 *
 * <p>Thread-safe. Loads run on the calling thread; nothing runs in the background.
 */
public final class SchemaCache {

    private final SchemaIntrospector introspector;
    private final Duration ttl;
    private final Clock clock;
    private final UnaryOperator<CatalogSnapshot> view;

    private final Object lock = new Object();
    /** Guarded by lock. The last successful load, or null. */
    private CatalogSnapshot current;
    /** Guarded by lock. When (by {@link #clock}) the current snapshot's load started. */
    private Instant currentStartedAt;
    /** Guarded by lock. The sequence number of the load that produced {@link #current}. */
    private long currentSeq;
    /** Guarded by lock. The running load, or null. */
    private CompletableFuture<CatalogSnapshot> inFlight;
    /** Guarded by lock. The sequence number of the running load. */
    private long inFlightSeq;
    /** Guarded by lock. The number of loads started so far. */
    private long loadsStarted;
    /** Run after every successful load. */
    private final List<Runnable> loadListeners = new CopyOnWriteArrayList<>();

    /**
     * @param introspector what loads the catalog
     * @param ttl          how long a snapshot is served before it is reloaded; {@link Duration#ZERO} reloads on
     *                     every call (concurrent calls still share one load)
     * @throws IllegalArgumentException when {@code ttl} is negative
     */
    public SchemaCache(SchemaIntrospector introspector, Duration ttl) {
        this(introspector, ttl, UnaryOperator.identity(), Clock.systemUTC());
    }

    /**
     * @param introspector what loads the catalog
     * @param ttl          as in {@link #SchemaCache(SchemaIntrospector, Duration)}
     * @param view         what callers may see of each load (e.g. the relation policy hiding denied
     *                     relations); applied after the load listeners ran, so it may read caches they
     *                     invalidated afresh. A view that throws fails the load like the introspector would.
     * @throws IllegalArgumentException when {@code ttl} is negative
     */
    public SchemaCache(SchemaIntrospector introspector, Duration ttl, UnaryOperator<CatalogSnapshot> view) {
        this(introspector, ttl, view, Clock.systemUTC());
    }

    /** For tests: as the public constructor, with the clock that measures snapshot age. */
    SchemaCache(SchemaIntrospector introspector, Duration ttl, Clock clock) {
        this(introspector, ttl, UnaryOperator.identity(), clock);
    }

    private SchemaCache(SchemaIntrospector introspector, Duration ttl, UnaryOperator<CatalogSnapshot> view,
                        Clock clock) {
        this.introspector = Objects.requireNonNull(introspector, "introspector");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.view = Objects.requireNonNull(view, "view");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
    }

    /**
     * Returns a snapshot no older than the TTL, loading one if needed (on the first call, and whenever the
     * cached one has expired). Blocks while a load runs.
     *
     * @return the current snapshot
     * @throws SchemaUnavailableException when a load was needed and failed
     */
    public CatalogSnapshot snapshot() {
        CompletableFuture<CatalogSnapshot> future;
        boolean leader = false;
        long seq;
        synchronized (lock) {
            if (current != null && isFresh()) {
                return current;
            }
            if (inFlight == null) {
                leader = true;
                startLoad();
            }
            future = inFlight;
            seq = inFlightSeq;
        }
        if (leader) {
            runLoad(future, seq);
        }
        return await(future);
    }

    /**
     * Forces a reload and returns its result. The load started for this call begins after the call did, so
     * it sees every catalog change committed before the call; if another load is running that started
     * earlier, this waits for it first and then loads again (or joins a load started after this call).
     *
     * @return the new snapshot
     * @throws SchemaUnavailableException when the load failed
     */
    public CatalogSnapshot refresh() {
        long after;
        synchronized (lock) {
            after = loadsStarted;
        }
        while (true) {
            CompletableFuture<CatalogSnapshot> future;
            boolean leader = false;
            boolean older = false;
            long seq;
            synchronized (lock) {
                if (current != null && currentSeq > after) {
                    return current;
                }
                if (inFlight == null) {
                    leader = true;
                    startLoad();
                } else if (inFlightSeq <= after) {
                    older = true;
                }
                future = inFlight;
                seq = inFlightSeq;
            }
            if (older) {
                future.handle((s, e) -> null).join();
                continue;
            }
            if (leader) {
                runLoad(future, seq);
            }
            return await(future);
        }
    }

    /**
     * Registers an action to run after every successful load (first load, TTL reload, {@link #refresh()}),
     * on the loading thread, before waiting callers get the snapshot. Used to drop caches derived from the
     * same catalog. An action that throws is logged and does not fail the load.
     *
     * @param listener a quick, non-blocking action
     */
    public void addLoadListener(Runnable listener) {
        loadListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @return the introspector this cache loads with */
    public SchemaIntrospector introspector() {
        return introspector;
    }

    /** @return the TTL given at construction */
    public Duration ttl() {
        return ttl;
    }

    private boolean isFresh() {
        return Duration.between(currentStartedAt, clock.instant()).compareTo(ttl) < 0;
    }

    /** Caller holds lock. */
    private void startLoad() {
        inFlight = new CompletableFuture<>();
        inFlightSeq = ++loadsStarted;
    }

    private void runLoad(CompletableFuture<CatalogSnapshot> future, long seq) {
        Instant startedAt = clock.instant();
        CatalogSnapshot loaded = null;
        Throwable failure = null;
        try {
            CatalogSnapshot full = introspector.load();
            // Listeners first: they drop caches derived from the catalog, which the view may read.
            for (Runnable listener : loadListeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(SchemaCache.class).warn("schema load listener failed", e);
                }
            }
            loaded = view.apply(full);
        } catch (SQLException e) {
            failure = new SchemaUnavailableException("could not read the database schema: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            failure = new SchemaUnavailableException("could not read the database schema: " + e.getMessage(), e);
        } catch (Error e) {
            failure = e; // waiters get it wrapped by await(); the cache must not stay stuck on this load
        }
        synchronized (lock) {
            if (loaded != null) {
                current = loaded;
                currentStartedAt = startedAt;
                currentSeq = seq;
            }
            inFlight = null;
        }
        if (loaded != null) {
            future.complete(loaded);
        } else {
            future.completeExceptionally(failure);
        }
    }

    private static CatalogSnapshot await(CompletableFuture<CatalogSnapshot> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SchemaUnavailableException sue) {
                // a fresh instance so each caller gets its own stack trace, with the original as cause
                throw new SchemaUnavailableException(sue.getMessage(), sue.getCause());
            }
            throw new SchemaUnavailableException("could not read the database schema: " + cause, cause);
        }
    }
}
