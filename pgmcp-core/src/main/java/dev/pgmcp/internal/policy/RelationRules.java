package dev.pgmcp.internal.policy;

import dev.pgmcp.internal.sql.QualifiedName;
import dev.pgmcp.internal.sql.References;
import dev.pgmcp.spi.SqlRejectedException.Reason;
import dev.pgmcp.spi.SqlRejectedException;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which tables and views caller SQL may read.
 *
 * <ul>
 *   <li><b>Credential catalogs</b> ({@link #CREDENTIAL_CATALOGS}) are always denied, matched by name in
 *       any schema, qualified or not, and also as a bare identifier anywhere in the statement's tokens
 *       (a safety net for parser gaps; a column or alias with such a name is rejected too).</li>
 *   <li><b>Denied schemas and tables</b> win over everything. <b>Allowed schemas and tables</b>, when
 *       either list is set, admit a relation that is in an allowed schema or is an allowed table.</li>
 *   <li><b>Unqualified names</b> are attributed to the schema PostgreSQL would find them in: the first
 *       schema on the search path ({@code pg_catalog} first) that has a relation of that name, from
 *       {@link CatalogNames} (reloaded once when a name is not found). A name found in no schema is
 *       rejected when an allowlist is set, or when a denied schema is on the path, or when a denied
 *       table of that name is in a schema on the path: it cannot be proven harmless (e.g. it was created
 *       a moment ago); otherwise PostgreSQL reports that it does not exist.</li>
 * </ul>
 * While any list is set, a written relation must also not expose a blocked relation's rows (a view,
 * an inheritance parent, a partition of a denied parent: {@link RelationAccess}), and the planner
 * statistics views ({@link #VALUE_SAMPLE_VIEWS}) are denied. The role's privileges remain the last
 * boundary.
 *
 * <p>Immutable and thread-safe.
 */
public final class RelationRules {

    /**
     * Catalogs and views whose rows hold passwords, connection strings with passwords, secrets set as
     * role or database settings, private table contents (statistics samples, large objects) or server
     * configuration files. Most are readable by superusers only, so this matters most for
     * over-privileged roles.
     */
    public static final Set<String> CREDENTIAL_CATALOGS = Set.of(
            "pg_authid",             // rolpassword (password hashes)
            "pg_shadow",             // passwd
            "pg_user_mapping",       // umoptions: user/password for foreign servers
            "pg_user_mappings",      // the same through a view
            "pg_subscription",       // subconninfo: connection string with password
            "pg_largeobject",        // large object contents
            "pg_statistic",          // most-common values and histograms: samples of any column
            "pg_statistic_ext_data", // extended statistics values: samples of any column
            "pg_db_role_setting",    // ALTER ROLE/DATABASE SET values, readable by all; often app secrets
            "pg_hba_file_rules",     // pg_hba.conf
            "pg_ident_file_mappings",// pg_ident.conf
            "pg_file_settings");     // postgresql.conf contents

    /**
     * Views of the planner statistics that show sampled column values (most common values, histogram
     * bounds) of any table the role may read. PostgreSQL filters them by the role's privileges only,
     * so while schema or table lists are configured they would show the values of denied tables: they
     * are denied then, by name in any schema and as a bare identifier.
     */
    public static final Set<String> VALUE_SAMPLE_VIEWS = Set.of("pg_stats", "pg_stats_ext", "pg_stats_ext_exprs");

    private final Set<String> allowedSchemas;
    private final Set<String> deniedSchemas;
    private final Set<QualifiedName> allowedTables;
    private final Set<QualifiedName> deniedTables;

    /**
     * @param allowedSchemas schema names, as written in configuration (folded like SQL identifiers)
     * @param deniedSchemas  schema names
     * @param allowedTables  {@code schema.table} names
     * @param deniedTables   {@code schema.table} names
     * @throws IllegalArgumentException when a table entry is not {@code schema.table}
     */
    public RelationRules(Collection<String> allowedSchemas, Collection<String> deniedSchemas,
                         Collection<String> allowedTables, Collection<String> deniedTables) {
        this.allowedSchemas = schemas(allowedSchemas);
        this.deniedSchemas = schemas(deniedSchemas);
        this.allowedTables = tables(allowedTables);
        this.deniedTables = tables(deniedTables);
    }

    /** @return rules with no configured lists: only the credential catalogs are denied */
    public static RelationRules defaults() {
        return new RelationRules(List.of(), List.of(), List.of(), List.of());
    }

    /** @return whether any schema or table list is configured (then unqualified names must be resolved) */
    public boolean hasLists() {
        return hasAllowlist() || !deniedSchemas.isEmpty() || !deniedTables.isEmpty();
    }

    private boolean hasAllowlist() {
        return !allowedSchemas.isEmpty() || !allowedTables.isEmpty();
    }

    /**
     * @param refs    the statement's references
     * @param catalog the database's names, needed only when {@link #hasLists()}
     * @throws SqlRejectedException DENIED_RELATION for the first relation not allowed
     */
    void check(References refs, Supplier<CatalogNames> catalog) {
        check(refs, catalog, false);
    }

    /**
     * @param refs       the statement's references
     * @param catalog    the database's names, needed only when {@link #hasLists()}
     * @param candidates whether incomplete references ({@link References#treeComplete()} false) are
     *                   token candidates to check one by one (a tool's own SQL, see
     *                   {@link dev.pgmcp.internal.sql.TokenReferences}) rather than a reason to refuse (caller SQL)
     * @throws SqlRejectedException DENIED_RELATION for the first relation not allowed
     */
    void check(References refs, Supplier<CatalogNames> catalog, boolean candidates) {
        refuseNamed(refs, CREDENTIAL_CATALOGS, RelationRules::credentials);
        if (!hasLists()) {
            return;
        }
        refuseNamed(refs, VALUE_SAMPLE_VIEWS, RelationRules::valueSamples);
        if (!refs.treeComplete() && candidates) {
            checkCandidates(refs, catalog.get().snapshot());
            return;
        }
        if (!refs.treeComplete()) {
            throw new SqlRejectedException(Reason.DENIED_RELATION, "The query could not be analysed completely, so the "
                    + "tables it reads cannot be checked against the configured schema and table lists; simplify it.");
        }
        CatalogNames names = catalog.get();
        for (QualifiedName r : refs.relations()) {
            String schema = r.schema();
            CatalogNames.Snapshot snapshot = names.snapshot();
            if (schema == null) {
                schema = snapshot.relationSchema(r.name());
                if (schema == null) {
                    snapshot = names.reloadAfterMiss();
                    schema = snapshot.relationSchema(r.name());
                }
                if (schema == null) {
                    checkUnresolved(r.name(), snapshot.path());
                    continue;
                }
            } else if (!snapshot.access(this).known(new QualifiedName(schema, r.name()))) {
                snapshot = names.reloadAfterMiss();
            }
            checkQualified(new QualifiedName(schema, r.name()), r.schema() == null, snapshot);
        }
    }

    /**
     * Refuses a statement that names one of {@code names} as a relation in any schema or as a bare
     * identifier anywhere (the safety net for what the parse tree may miss).
     */
    private static void refuseNamed(References refs, Set<String> names,
                                    java.util.function.Function<String, SqlRejectedException> refusal) {
        for (QualifiedName r : refs.relations()) {
            if (names.contains(r.name())) {
                throw refusal.apply(r.toString());
            }
        }
        for (String id : refs.identifiers()) {
            if (names.contains(id)) {
                throw refusal.apply(id);
            }
        }
    }

    /** Token candidates: those that name a relation PostgreSQL would find are checked, the rest ignored. */
    private void checkCandidates(References refs, CatalogNames.Snapshot snapshot) {
        for (QualifiedName r : refs.relations()) {
            if (r.schema() != null) {
                if (snapshot.access(this).known(r)) {
                    checkQualified(r, false, snapshot);
                }
            } else {
                String schema = snapshot.relationSchema(r.name());
                if (schema != null) {
                    checkQualified(new QualifiedName(schema, r.name()), true, snapshot);
                }
            }
        }
    }

    private static SqlRejectedException valueSamples(String name) {
        return new SqlRejectedException(Reason.DENIED_RELATION, "Table " + name + " is not allowed while schema or "
                + "table lists are configured: it shows sampled column values (most common values, histograms) of "
                + "every table the role can read, the denied ones included.");
    }

    private void checkQualified(QualifiedName table, boolean resolved, CatalogNames.Snapshot snapshot) {
        String why = denial(table);
        if (why == null && snapshot != null) {
            RelationAccess access = snapshot.access(this);
            why = access.blockedReason(table);
            if (why == null && !access.known(table)) {
                why = "it was not found in the catalog, so it cannot be checked against the configured schema and "
                        + "table lists; check the spelling and the schema, or run refresh_schema if it was created just now";
            }
        }
        if (why != null) {
            String shown = resolved ? table.name() + " (" + table + " on the search path)" : table.toString();
            throw new SqlRejectedException(Reason.DENIED_RELATION, "Table " + shown + " is not allowed: " + why + ".");
        }
    }

    /**
     * The configured lists' verdict on one relation, by its name alone.
     *
     * @param table a relation's exact schema and name
     * @return why the lists deny it (a clause to follow "is not allowed: "), or {@code null} when they do not
     */
    String denial(QualifiedName table) {
        String why = explicitDenial(table);
        if (why == null && hasAllowlist() && !allowedSchemas.contains(table.schema()) && !allowedTables.contains(table)) {
            why = "only " + allowedDescription() + " may be read (PGMCP_ALLOWED_SCHEMAS, PGMCP_ALLOWED_TABLES)";
        }
        return why;
    }

    /**
     * @param table a relation's exact schema and name
     * @return why the denied schema or table list names it, or {@code null} when neither does
     */
    String explicitDenial(QualifiedName table) {
        if (deniedSchemas.contains(table.schema())) {
            return "schema " + table.schema() + " is on the denied schema list (PGMCP_DENIED_SCHEMAS)";
        }
        if (deniedTables.contains(table)) {
            return "it is on the denied table list (PGMCP_DENIED_TABLES)";
        }
        return null;
    }

    /** @return whether the schema is on the denied schema list */
    boolean deniesSchema(String schema) {
        return deniedSchemas.contains(schema);
    }

    private void checkUnresolved(String name, List<String> path) {
        boolean suspicious = hasAllowlist();
        for (String schema : path) {
            if (deniedSchemas.contains(schema) || deniedTables.contains(new QualifiedName(schema, name))) {
                suspicious = true;
            }
        }
        if (suspicious) {
            throw new SqlRejectedException(Reason.DENIED_RELATION, "Table " + name + " was not found in any schema on the "
                    + "search path (" + String.join(", ", path) + "), so it cannot be checked against the configured "
                    + "schema and table lists; write it with its schema (schema.table), or run refresh_schema if it was "
                    + "created just now.");
        }
    }

    private String allowedDescription() {
        StringBuilder sb = new StringBuilder();
        if (!allowedSchemas.isEmpty()) {
            sb.append("tables in schema").append(allowedSchemas.size() > 1 ? "s " : " ").append(String.join(", ", allowedSchemas));
        }
        if (!allowedTables.isEmpty()) {
            if (sb.length() > 0) {
                sb.append(" and ");
            }
            sb.append("the tables ");
            sb.append(String.join(", ", allowedTables.stream().map(QualifiedName::toString).toList()));
        }
        return sb.toString();
    }

    private static SqlRejectedException credentials(String name) {
        return new SqlRejectedException(Reason.DENIED_RELATION, "Table " + name + " is not allowed: it is a system "
                + "catalog that holds credentials or other secrets (passwords, connection strings, private values).");
    }

    private static Set<String> schemas(Collection<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            QualifiedName q = QualifiedName.parse(n);
            if (q == null || q.schema() != null) {
                throw new IllegalArgumentException("not a schema name: " + n);
            }
            out.add(q.name());
        }
        return Set.copyOf(out);
    }

    private static Set<QualifiedName> tables(Collection<String> names) {
        Set<QualifiedName> out = new LinkedHashSet<>();
        for (String n : names) {
            QualifiedName q = QualifiedName.parse(n);
            if (q == null || q.schema() == null) {
                throw new IllegalArgumentException("not a schema.table name: " + n);
            }
            out.add(q);
        }
        return java.util.Collections.unmodifiableSet(out);
    }
}
