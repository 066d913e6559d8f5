package dev.pgmcp.internal.policy;

import dev.pgmcp.internal.exec.ConnectionWork;
import dev.pgmcp.internal.sql.QualifiedName;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The names a query can call or read in one database, as PostgreSQL would resolve them: every function
 * in {@code pg_proc} with its volatility, and (when asked for) the relations of the schemas on the
 * search path, so an unqualified table name can be attributed to its schema.
 *
 * <p><b>Loading.</b> Lazily on first use, in one read-only transaction: {@code current_user} (to resolve
 * {@code $user} in the search path), one query over {@code pg_proc} joined to {@code pg_namespace} for
 * the whole catalog (per schema and name, the most volatile {@code provolatile} of all overloads), and,
 * if {@code withRelations}, one query over {@code pg_class} for the schemas on the search path (tables,
 * views, materialized views, partitioned and foreign tables, sequences) in schemas the role has
 * {@code USAGE} on, and the {@link RelationGraph} (which relations and functions expose which
 * relations' rows). The result is cached until {@link #invalidate()} (called when the schema cache
 * reloads, e.g. by {@code refresh_schema}), and {@link #reloadAfterMiss()} reloads at most once per
 * {@code missReloadInterval} so that a function created after the load is found.
 *
 * <p><b>Resolution.</b> A schema-qualified name resolves only in that schema. An unqualified name
 * resolves through {@code pg_catalog} (searched first unless the path lists it) and then the search
 * path schemas, in order.
 *
 * <p>Thread-safe: loads run on the calling thread, one at a time; callers needing a load wait for it.
 */
public final class CatalogNames {

    /** PostgreSQL's default {@code search_path}: the schema named like the role, then {@code public}. */
    public static final List<String> DEFAULT_SEARCH_PATH = List.of("$user", "public");

    /** Default for the shortest time between two reloads caused by a name not found: 10 s. */
    public static final Duration DEFAULT_MISS_RELOAD_INTERVAL = Duration.ofSeconds(10);

    static final String FUNCTIONS_SQL = "SELECT n.nspname, p.proname,"
            + " max(CASE p.provolatile WHEN 'v' THEN 2 WHEN 's' THEN 1 ELSE 0 END) AS volatility"
            + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " GROUP BY n.nspname, p.proname";

    /**
     * Every VOLATILE plain function outside the system schemas, with what decides whether it only reads
     * ({@link ReadOnlyFunctions}): its language, SECURITY DEFINER, membership of an extension, and, for
     * SQL and PL/pgSQL functions that are not SECURITY DEFINER, the text of its body. {@code %s} is the
     * body: {@code prosrc}, or on PostgreSQL 14 and later the deparsed SQL-standard body where there is one.
     */
    static final String USER_VOLATILE_SQL = "SELECT n.nspname, p.proname, l.lanname, p.prosecdef,"
            + " EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass"
            + " AND d.objid = p.oid AND d.deptype = 'e') AS in_extension,"
            + " CASE WHEN l.lanname IN ('sql', 'plpgsql') AND NOT p.prosecdef THEN %s END AS body"
            + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " JOIN pg_catalog.pg_language l ON l.oid = p.prolang"
            + " WHERE p.provolatile = 'v' AND p.prokind = 'f'"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%%'";

    static final String RELATIONS_SQL = "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f', 'S') AND n.nspname = ANY (?)"
            + " AND has_schema_privilege(n.oid, 'USAGE')";

    /** Runs work in a READ ONLY transaction that is rolled back; {@code QueryExecutor::inReadOnlyTransaction}. */
    @FunctionalInterface
    public interface Reader {
        /**
         * @throws RuntimeException (typically {@code QueryException}) when the database fails or cannot be reached
         */
        <T> T inReadOnlyTransaction(ConnectionWork<T> work);
    }

    private final Reader reader;
    private final List<String> searchPath;
    private final boolean withRelations;
    private final Duration missReloadInterval;
    private final Clock clock;

    private final Object lock = new Object();
    /** Guarded by lock. */
    private Snapshot current;
    /** Set without the lock by {@link #invalidate()}; cleared by a load when it starts. */
    private volatile boolean stale;
    /** Guarded by lock. When the current snapshot's load started. */
    private Instant loadedAt;
    /** Guarded by lock. */
    private long loads;

    /**
     * @param reader        runs the catalog queries, e.g. {@code executor::inReadOnlyTransaction}
     * @param searchPath    the schemas unqualified names resolve through, as in {@code search_path}
     *                      ({@code $user} stands for the connected role), without {@code pg_catalog}
     *                      unless it should not come first; e.g. {@link #DEFAULT_SEARCH_PATH}
     * @param withRelations whether to load relation names (needed only to attribute unqualified table
     *                      names to a schema for configured schema/table lists)
     */
    public CatalogNames(Reader reader, List<String> searchPath, boolean withRelations) {
        this(reader, searchPath, withRelations, DEFAULT_MISS_RELOAD_INTERVAL, Clock.systemUTC());
    }

    /**
     * As {@link #CatalogNames(Reader, List, boolean)}, with the shortest time between two miss reloads
     * ({@link Duration#ZERO}: reload on every miss) and the clock that measures it.
     *
     * @throws IllegalArgumentException when the interval is negative
     */
    public CatalogNames(Reader reader, List<String> searchPath, boolean withRelations, Duration missReloadInterval,
                        Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.searchPath = List.copyOf(searchPath);
        this.withRelations = withRelations;
        this.missReloadInterval = Objects.requireNonNull(missReloadInterval, "missReloadInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (missReloadInterval.isNegative()) {
            throw new IllegalArgumentException("missReloadInterval must not be negative: " + missReloadInterval);
        }
    }

    /**
     * @return the cached catalog, loaded first if there is none yet or it was invalidated
     * @throws RuntimeException from the {@link Reader} when a needed load fails
     */
    public Snapshot snapshot() {
        synchronized (lock) {
            if (current == null || stale) {
                load();
            }
            return current;
        }
    }

    /**
     * Reloads because a name was not found, unless the last load is more recent than the miss reload
     * interval (so a query full of misspelt names cannot make us reload on every call).
     *
     * @return the catalog after the reload, or the cached one when no reload was due
     */
    public Snapshot reloadAfterMiss() {
        synchronized (lock) {
            if (current == null || stale
                    || Duration.between(loadedAt, clock.instant()).compareTo(missReloadInterval) >= 0) {
                load();
            }
            return current;
        }
    }

    /** Marks the cached catalog stale: the next {@link #snapshot()} reloads it. Cheap; never blocks on a load. */
    public void invalidate() {
        // Not under lock: a running load must not delay the schema cache's listeners. A load that
        // finishes after this call clears the flag, which is right: it started after the change
        // (or concurrently with it, which no lock would order either).
        stale = true;
    }

    /** @return how many loads have completed (for tests and diagnostics) */
    public long loadCount() {
        synchronized (lock) {
            return loads;
        }
    }

    /** Caller holds lock. */
    private void load() {
        Instant startedAt = clock.instant();
        stale = false;
        Snapshot loaded = reader.inReadOnlyTransaction(this::read);
        current = loaded;
        loadedAt = startedAt;
        loads++;
    }

    private Snapshot read(Connection c) throws SQLException {
        String user;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            user = rs.getString(1);
        }
        List<String> path = new ArrayList<>();
        if (!searchPath.contains("pg_catalog")) {
            path.add("pg_catalog");
        }
        for (String schema : searchPath) {
            String resolved = schema.equals("$user") ? user : schema;
            if (!path.contains(resolved)) {
                path.add(resolved);
            }
        }
        Map<String, Map<String, Volatility>> functions = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(FUNCTIONS_SQL)) {
            while (rs.next()) {
                int v = rs.getInt(3);
                Volatility volatility = v == 2 ? Volatility.VOLATILE : v == 1 ? Volatility.STABLE : Volatility.IMMUTABLE;
                functions.computeIfAbsent(rs.getString(2), k -> new HashMap<>(2)).put(rs.getString(1), volatility);
            }
        }
        Map<QualifiedName, List<UserFunction>> userVolatile = new HashMap<>();
        String body = c.getMetaData().getDatabaseMajorVersion() >= 14
                ? "CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) ELSE p.prosrc END"
                : "p.prosrc";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(String.format(USER_VOLATILE_SQL, body))) {
            while (rs.next()) {
                userVolatile.computeIfAbsent(new QualifiedName(rs.getString(1), rs.getString(2)), k -> new ArrayList<>(1))
                        .add(new UserFunction(rs.getString(3), rs.getBoolean(4), rs.getBoolean(5), rs.getString(6)));
            }
        }
        Map<String, String> relations = null;
        if (withRelations) {
            Map<String, List<String>> schemasByName = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(RELATIONS_SQL)) {
                Array array = c.createArrayOf("text", path.toArray());
                ps.setArray(1, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        schemasByName.computeIfAbsent(rs.getString(2), k -> new ArrayList<>(1)).add(rs.getString(1));
                    }
                }
            }
            relations = new HashMap<>();
            for (Map.Entry<String, List<String>> e : schemasByName.entrySet()) {
                for (String schema : path) {
                    if (e.getValue().contains(schema)) {
                        relations.put(e.getKey(), schema);
                        break;
                    }
                }
            }
        }
        RelationGraph graph = withRelations ? RelationGraph.read(c) : null;
        return new Snapshot(List.copyOf(path), functions, userVolatile, relations, graph);
    }

    /**
     * One VOLATILE overload of a function outside the system schemas.
     *
     * @param language        {@code pg_language.lanname}: {@code sql}, {@code plpgsql}, {@code c}, {@code plpython3u}…
     * @param securityDefiner {@code pg_proc.prosecdef}: it runs with its owner's privileges
     * @param inExtension     it belongs to an extension ({@code pg_depend} type {@code e})
     * @param body            its source ({@code prosrc}, or the deparsed SQL-standard body), for SQL and
     *                        PL/pgSQL functions that are not SECURITY DEFINER; {@code null} otherwise
     */
    record UserFunction(String language, boolean securityDefiner, boolean inExtension, String body) {
    }

    /**
     * One load of the catalog. Immutable.
     */
    public static final class Snapshot {
        private final List<String> path;
        private final Map<String, Map<String, Volatility>> functions;
        private final Map<QualifiedName, List<UserFunction>> userVolatile;
        private final Map<String, String> relations;
        private final RelationGraph graph;
        /** Computed on first use from the one set of rules a policy has; see {@link #access(RelationRules)}. */
        private volatile RelationAccess access;
        private volatile RelationRules accessRules;
        /** Computed on first use for the one set of function rules a policy has; see {@link #readOnly}. */
        private volatile ReadOnlyFunctions readOnly;

        Snapshot(List<String> path, Map<String, Map<String, Volatility>> functions,
                 Map<QualifiedName, List<UserFunction>> userVolatile, Map<String, String> relations, RelationGraph graph) {
            this.path = path;
            this.functions = functions;
            this.userVolatile = userVolatile;
            this.relations = relations;
            this.graph = graph;
        }

        /**
         * @param rules the configured lists
         * @return those lists applied to this load's relation graph (computed once per snapshot and rules)
         * @throws IllegalStateException if the catalog was loaded without relations
         */
        RelationAccess access(RelationRules rules) {
            if (graph == null) {
                throw new IllegalStateException("relation names were not loaded");
            }
            RelationAccess a = access;
            if (a == null || accessRules != rules) {
                synchronized (this) {
                    a = access;
                    if (a == null || accessRules != rules) {
                        a = new RelationAccess(rules, graph);
                        accessRules = rules;
                        access = a;
                    }
                }
            }
            return a;
        }

        /**
         * @param rules the policy's denied and allowed functions
         * @return which VOLATILE functions of this load only read, judged under those rules (once per
         *         snapshot and rules)
         */
        ReadOnlyFunctions readOnly(ReadOnlyFunctions.Rules rules) {
            ReadOnlyFunctions r = readOnly;
            if (r == null || r.rules() != rules) {
                synchronized (this) {
                    r = readOnly;
                    if (r == null || r.rules() != rules) {
                        r = new ReadOnlyFunctions(rules, functions, userVolatile);
                        readOnly = r;
                    }
                }
            }
            return r;
        }

        /** @return the schemas unqualified names resolve through, in order, {@code $user} resolved */
        public List<String> path() {
            return path;
        }

        /**
         * @param name a function name as written
         * @return schema → most volatile overload, for every schema the name may resolve to (for an
         *         unqualified name: every schema on the path that has it, in path order); empty if none
         */
        public Map<String, Volatility> function(QualifiedName name) {
            Map<String, Volatility> bySchema = functions.get(name.name());
            if (bySchema == null) {
                return Map.of();
            }
            if (name.schema() != null) {
                Volatility v = bySchema.get(name.schema());
                return v == null ? Map.of() : Map.of(name.schema(), v);
            }
            Map<String, Volatility> out = new LinkedHashMap<>();
            for (String schema : path) {
                Volatility v = bySchema.get(schema);
                if (v != null) {
                    out.put(schema, v);
                }
            }
            return Collections.unmodifiableMap(out);
        }

        /**
         * @param name an unqualified relation name, folded
         * @return the schema PostgreSQL would find it in (the first on the path that has it), or
         *         {@code null} if no schema on the path has it
         * @throws IllegalStateException if the catalog was loaded without relations
         */
        public String relationSchema(String name) {
            if (relations == null) {
                throw new IllegalStateException("relation names were not loaded");
            }
            return relations.get(name);
        }
    }
}
