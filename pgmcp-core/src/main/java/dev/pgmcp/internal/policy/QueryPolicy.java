package dev.pgmcp.internal.policy;

import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.ValidationMode;
import dev.pgmcp.internal.sql.FunctionPolicy;
import dev.pgmcp.internal.sql.QualifiedName;
import dev.pgmcp.internal.sql.References;
import dev.pgmcp.internal.sql.StatementPolicy;
import dev.pgmcp.internal.sql.ValidatedStatement;
import dev.pgmcp.spi.SqlRejectedException.Reason;
import dev.pgmcp.spi.SqlRejectedException;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Layer 2 of the validator for one database: the function and relation policy, applied to caller SQL
 * after {@link dev.pgmcp.internal.sql.SqlValidator} accepted it (single statement, allowed kind, structure and
 * the explicit function denylist) and before anything is sent.
 *
 * <ol>
 *   <li><b>Relations</b> ({@link RelationRules}), in every mode: credential catalogs, and the configured
 *       schema and table lists.</li>
 *   <li><b>Functions</b>, in {@link ValidationMode#STRICT} only, looked up in {@code pg_proc} through
 *       {@link CatalogNames}:
 *     <ul>
 *       <li>every function of the parse tree must exist (else UNKNOWN_FUNCTION, after one reload of
 *           the catalog), unless it is SQL syntax that the parser models as a call
 *           ({@link #SQL_SYNTAX_CALLS}, e.g. {@code COALESCE}, {@code ROLLUP});</li>
 *       <li>a function that is VOLATILE in any schema the name may resolve to (any overload) must be on
 *           the allowlist (else VOLATILE_FUNCTION): {@link #DEFAULT_ALLOWED_VOLATILE} plus the
 *           configured names;</li>
 *       <li>token-level call candidates ({@link References#callCandidates()}) get the volatility check
 *           only, so type modifiers ({@code varchar(10)}) and keywords before {@code (} never cause an
 *           UNKNOWN_FUNCTION, while a call the parser missed still cannot slip through.</li>
 *     </ul></li>
 * </ol>
 * Known limits: functions run implicitly (by operators, casts, type input, views, triggers, defaults)
 * are not looked at; the READ ONLY transaction and the role's privileges stay the boundary there.
 *
 * <p>Thread-safe.
 */
public final class QueryPolicy implements StatementPolicy {

    /**
     * VOLATILE functions that are harmless to call from a read-only query, in {@code pg_catalog}
     * (PostgreSQL 18 {@code pg_proc}). Not included, among others: {@code setseed} (changes the
     * session's random state), {@code set_config}, sequence, advisory lock, large object, logging,
     * replication, statistics reset and file functions.
     */
    public static final Set<String> DEFAULT_ALLOWED_VOLATILE = Set.of(
            // Volatile only because they differ on every call; they read and change nothing.
            "pg_catalog.random", "pg_catalog.random_normal", "pg_catalog.clock_timestamp", "pg_catalog.timeofday",
            "pg_catalog.gen_random_uuid", "pg_catalog.uuidv4", "pg_catalog.uuidv7",
            "pg_catalog.array_sample", "pg_catalog.array_shuffle",
            // Sizes read from the file system: analysts' everyday questions ("how big is it").
            "pg_catalog.pg_relation_size", "pg_catalog.pg_total_relation_size", "pg_catalog.pg_table_size",
            "pg_catalog.pg_indexes_size", "pg_catalog.pg_database_size", "pg_catalog.pg_tablespace_size",
            // Partition structure, read from the catalogs.
            "pg_catalog.pg_partition_tree", "pg_catalog.pg_partition_ancestors",
            // Server state that monitoring queries read (recovery and replication position, blocking).
            "pg_catalog.pg_is_in_recovery", "pg_catalog.pg_jit_available", "pg_catalog.pg_current_wal_lsn",
            "pg_catalog.pg_last_wal_receive_lsn", "pg_catalog.pg_last_wal_replay_lsn",
            "pg_catalog.pg_last_xact_replay_timestamp", "pg_catalog.pg_blocking_pids",
            // Read the session's own state: the last value a sequence returned, the running query.
            "pg_catalog.currval", "pg_catalog.lastval", "pg_catalog.current_query",
            // TABLESAMPLE methods (TABLESAMPLE BERNOULLI (10)): their only argument is of type
            // internal, so SQL cannot call them directly; the extensions' methods likewise, in
            // whatever schema they were installed.
            "pg_catalog.bernoulli", "pg_catalog.system", "system_rows", "system_time");

    /**
     * Names that the parser reports as function calls but that are SQL syntax, not {@code pg_proc}
     * entries (PostgreSQL grammar: conditional expressions, row and array constructors, grouping set
     * helpers, SQL/XML and SQL/JSON constructors, special date/time functions, ANY/SOME/ALL).
     * Unqualified only: {@code pg_catalog.coalesce(…)} is an error in PostgreSQL too.
     */
    public static final Set<String> SQL_SYNTAX_CALLS = Set.of(
            "coalesce", "greatest", "least", "nullif", "row", "array", "exists", "values",
            "rollup", "cube", "grouping", "grouping_id",
            "cast", "treat", "extract", "trim", "collation", "merge_action",
            "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
            "current_role", "current_user", "session_user", "user", "current_catalog", "current_schema", "system_user",
            "xmlelement", "xmlforest", "xmlconcat", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmlexists",
            "xmltable", "xmlattributes", "xmlnamespaces",
            "json", "json_scalar", "json_serialize", "json_object", "json_array", "json_objectagg", "json_arrayagg",
            "json_value", "json_query", "json_exists", "json_table",
            "any", "some", "all");

    private final ValidationMode mode;
    private final RelationRules relations;
    private final Set<QualifiedName> allowedQualified;
    private final Set<String> allowedAnySchema;
    private final CatalogNames catalog;
    private final ReadOnlyFunctions.Rules functionRules;

    /**
     * As {@link #QueryPolicy(ValidationMode, Collection, RelationRules, CatalogNames, FunctionPolicy)} with the
     * built-in denylist ({@link FunctionPolicy#defaults()}) for reading function bodies.
     *
     * @throws IllegalArgumentException when an allowlist entry is not a function name
     */
    public QueryPolicy(ValidationMode mode, Collection<String> allowedFunctions, RelationRules relations,
                       CatalogNames catalog) {
        this(mode, allowedFunctions, relations, catalog, FunctionPolicy.defaults());
    }

    /**
     * @param mode             {@link ValidationMode#ROLE} skips the function checks (and never reads {@code pg_proc})
     * @param allowedFunctions VOLATILE functions to allow on top of {@link #DEFAULT_ALLOWED_VOLATILE}:
     *                         {@code name} (in any schema) or {@code schema.name}
     * @param relations        the relation rules
     * @param catalog          the database's function and relation names
     * @param denied           the functions the validator denies: a user function whose body calls one is not
     *                         read-only ({@link ReadOnlyFunctions})
     * @throws IllegalArgumentException when an allowlist entry is not a function name
     */
    public QueryPolicy(ValidationMode mode, Collection<String> allowedFunctions, RelationRules relations,
                       CatalogNames catalog, FunctionPolicy denied) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.relations = Objects.requireNonNull(relations, "relations");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        Set<QualifiedName> qualified = new HashSet<>();
        Set<String> anySchema = new HashSet<>();
        Set<String> all = new LinkedHashSet<>(DEFAULT_ALLOWED_VOLATILE);
        all.addAll(allowedFunctions);
        for (String entry : all) {
            QualifiedName q = QualifiedName.parse(entry);
            if (q == null) {
                throw new IllegalArgumentException("not a function name: '" + entry + "'");
            }
            if (q.schema() == null) {
                anySchema.add(q.name());
            } else {
                qualified.add(q);
            }
        }
        this.allowedQualified = Set.copyOf(qualified);
        this.allowedAnySchema = Set.copyOf(anySchema);
        this.functionRules = new ReadOnlyFunctions.Rules(Objects.requireNonNull(denied, "denied"), this::isAllowed);
    }

    /**
     * The policy a configuration asks for.
     *
     * @param config  validation mode, allowed functions, schema and table lists
     * @param catalog the database's names; must load relations if {@link #needsRelationNames(PgMcpConfig)}
     * @param denied  the validator's function denylist
     */
    public static QueryPolicy of(PgMcpConfig config, CatalogNames catalog, FunctionPolicy denied) {
        return new QueryPolicy(config.validation(), config.allowedFunctions(), relationRules(config), catalog, denied);
    }

    /** @return whether the configured lists require {@link CatalogNames} to load relation names */
    public static boolean needsRelationNames(PgMcpConfig config) {
        return relationRules(config).hasLists();
    }

    private static RelationRules relationRules(PgMcpConfig config) {
        return new RelationRules(config.allowedSchemas(), config.deniedSchemas(), config.allowedTables(),
                config.deniedTables());
    }

    /** @return the catalog this policy reads (to {@link CatalogNames#invalidate() invalidate} it on schema changes) */
    public CatalogNames catalog() {
        return catalog;
    }

    /**
     * @throws SqlRejectedException DENIED_RELATION, UNKNOWN_FUNCTION or VOLATILE_FUNCTION
     * @throws RuntimeException     (typically {@code QueryException}) when the catalog cannot be read
     */
    @Override
    public void check(ValidatedStatement statement) {
        References refs = statement.references();
        checkReads(refs, false);
        if (mode == ValidationMode.STRICT) {
            checkFunctions(refs);
        }
    }

    /**
     * The relation half of {@link #check}, for a statement a tool wrote itself: the relations it
     * names against the lists, and (when lists are set) every relation and user function that would
     * expose a denied relation's rows ({@link RelationAccess}). References that are token candidates
     * ({@link dev.pgmcp.internal.sql.TokenReferences}, when JSqlParser could not parse the tool's SQL) are
     * checked one by one.
     *
     * @throws SqlRejectedException DENIED_RELATION
     * @throws RuntimeException     (typically {@code QueryException}) when the catalog cannot be read
     */
    @Override
    public void checkToolReads(ValidatedStatement statement) {
        checkReads(statement.references(), true);
    }

    private void checkReads(References refs, boolean candidates) {
        relations.check(refs, () -> catalog, candidates);
        if (relations.hasLists()) {
            checkFunctionReads(refs);
        }
    }

    @Override
    public boolean restrictsReads() {
        return relations.hasLists();
    }

    /**
     * The part of a catalog snapshot the configured lists let a caller see (see
     * {@link RelationAccess#visible}); the snapshot itself when no list is configured.
     *
     * @param full the snapshot as the schema introspector read it
     * @return what the schema tools, resources and prompts may show
     * @throws RuntimeException (typically {@code QueryException}) when the relation graph cannot be read
     */
    public dev.pgmcp.schema.CatalogSnapshot visible(dev.pgmcp.schema.CatalogSnapshot full) {
        if (!relations.hasLists()) {
            return full;
        }
        return catalog.snapshot().access(relations).visible(full, relations);
    }

    private void checkFunctionReads(References refs) {
        if (refs.functions().isEmpty() && refs.callCandidates().isEmpty()) {
            return;
        }
        CatalogNames.Snapshot snapshot = catalog.snapshot();
        RelationAccess access = snapshot.access(relations);
        List<QualifiedName> all = new java.util.ArrayList<>(refs.functions());
        all.addAll(refs.callCandidates());
        for (QualifiedName f : all) {
            for (String schema : snapshot.function(f).keySet()) {
                QualifiedName resolved = new QualifiedName(schema, f.name());
                String why = access.functionReason(resolved);
                if (why != null) {
                    throw new SqlRejectedException(Reason.DENIED_RELATION, "Function " + resolved + " is not allowed: "
                            + why + ".");
                }
            }
        }
    }

    private void checkFunctions(References refs) {
        if (refs.functions().isEmpty() && refs.callCandidates().isEmpty()) {
            return;
        }
        CatalogNames.Snapshot snapshot = catalog.snapshot();
        for (QualifiedName f : refs.functions()) {
            Map<String, Volatility> found = snapshot.function(f);
            if (found.isEmpty()) {
                if (f.schema() == null && SQL_SYNTAX_CALLS.contains(f.name())) {
                    continue;
                }
                snapshot = catalog.reloadAfterMiss();
                found = snapshot.function(f);
                if (found.isEmpty()) {
                    throw unknown(f, snapshot.path());
                }
            }
            checkVolatility(f, found, snapshot);
        }
        for (QualifiedName c : refs.callCandidates()) {
            // Not found: a type modifier, keyword, alias or syntax; PostgreSQL decides.
            checkVolatility(c, snapshot.function(c), snapshot);
        }
    }

    private void checkVolatility(QualifiedName written, Map<String, Volatility> found, CatalogNames.Snapshot snapshot) {
        for (Map.Entry<String, Volatility> e : found.entrySet()) {
            if (e.getValue() != Volatility.VOLATILE || isAllowed(e.getKey(), written.name())) {
                continue;
            }
            QualifiedName resolved = new QualifiedName(e.getKey(), written.name());
            String why = snapshot.readOnly(functionRules).whyNot(resolved);
            if (why == null) {
                continue; // a function of the database's own schemas that only reads, by its definition
            }
            throw new SqlRejectedException(Reason.VOLATILE_FUNCTION, "Function " + resolved
                    + " is not allowed: it is VOLATILE, so it may change data or session state, and pgmcp cannot tell "
                    + "that it only reads (" + why + "); only such functions of the database's own schemas and the "
                    + "harmless built-in volatile functions on the allowlist (such as random() and clock_timestamp()) "
                    + "may be called. An administrator can add it to PGMCP_ALLOWED_FUNCTIONS if it only reads.");
        }
    }

    private boolean isAllowed(String schema, String name) {
        return allowedAnySchema.contains(name) || allowedQualified.contains(new QualifiedName(schema, name));
    }

    private static SqlRejectedException unknown(QualifiedName f, List<String> path) {
        String where = f.schema() != null ? "in schema " + f.schema()
                : "in any schema on the search path (" + String.join(", ", path) + ")";
        return new SqlRejectedException(Reason.UNKNOWN_FUNCTION, "Function " + f + " does not exist " + where
                + ": check the spelling and the schema, or run refresh_schema if it was created just now.");
    }
}
