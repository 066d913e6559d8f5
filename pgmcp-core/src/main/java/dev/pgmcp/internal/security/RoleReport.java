package dev.pgmcp.internal.security;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link RoleInspector} found out about the role pgmcp connects as, in one database, and the
 * verdict pgmcp draws from it (layer 4 of the read-only promise: least privilege).
 *
 * <p>{@link Verdict#REFUSE}: the role is a superuser or may read or write server files or run server
 * programs (membership in {@code pg_read_server_files}, {@code pg_write_server_files} or
 * {@code pg_execute_server_program}); with such a role a single validator bypass reaches the
 * operating system. {@link Verdict#WARN}: the role could change data or schema if a statement ever
 * escaped the read-only transaction (write privileges on a table, CREATE on a schema or on the
 * database, risky role attributes or predefined roles). {@link Verdict#OK}: none of that.
 *
 * @param role                the role's name ({@code current_user})
 * @param database            the database inspected ({@code current_database()})
 * @param superuser           {@code pg_roles.rolsuper}
 * @param fileAccessRoles     the refused predefined roles the role belongs to (directly or not)
 * @param riskyAttributes     role attributes worth a warning: {@code CREATEROLE}, {@code CREATEDB},
 *                            {@code REPLICATION}, {@code BYPASSRLS}
 * @param riskyMemberships    other predefined roles worth a warning, e.g. {@code pg_write_all_data}
 * @param writableTableCount  how many tables and views (outside {@code pg_catalog} and
 *                            {@code information_schema}) the role may INSERT, UPDATE, DELETE or TRUNCATE
 * @param writableTables      the first few of those, as {@code schema.table (PRIVILEGES)}
 * @param creatableSchemas    schemas the role may CREATE objects in
 * @param databaseCreate      whether the role may create schemas in the database (CREATE on the database)
 * @param schemas             every user schema of the database (for the recommended grants)
 * @param monitoringRoles     the read-only monitoring roles the role belongs to ({@link RoleInspector#MONITORING_ROLES},
 *                            e.g. {@code pg_monitor}): accepted, neither a warning nor a refusal; they let the
 *                            insight tools see statistics of every session and statement
 * @param mapped              whether the role is one callers are mapped to (per-person roles), not the login
 *                            role: such a role is held to more, since it exists only for reading. Write
 *                            privileges (INSERT, UPDATE, DELETE, TRUNCATE on a table or view, membership in
 *                            {@code pg_write_all_data}) and CREATE on a schema or the database refuse it too
 */
public record RoleReport(String role, String database, boolean superuser, List<String> fileAccessRoles,
                         List<String> riskyAttributes, List<String> riskyMemberships, int writableTableCount,
                         List<String> writableTables, List<String> creatableSchemas, boolean databaseCreate,
                         List<String> schemas, List<String> monitoringRoles, boolean mapped) {

    /** The predefined role that may write every table: refuses a mapped role. */
    static final String WRITE_ALL = "pg_write_all_data";

    private static final java.util.Map<String, String> FILE_ROLE_MEANING = java.util.Map.of(
            "pg_read_server_files", "reads any file the server can, e.g. with pg_read_file or COPY FROM",
            "pg_write_server_files", "writes any file the server can, e.g. with COPY TO",
            "pg_execute_server_program", "runs programs on the server, e.g. with COPY TO PROGRAM");

    /** What pgmcp does with a role. */
    public enum Verdict {
        /** Least privilege: serve. */
        OK,
        /** Serve, and log each warning once. */
        WARN,
        /** Do not serve (unless {@code PGMCP_ALLOW_UNSAFE_ROLE=true}). */
        REFUSE
    }

    public RoleReport {
        fileAccessRoles = List.copyOf(fileAccessRoles);
        riskyAttributes = List.copyOf(riskyAttributes);
        riskyMemberships = List.copyOf(riskyMemberships);
        writableTables = List.copyOf(writableTables);
        creatableSchemas = List.copyOf(creatableSchemas);
        schemas = List.copyOf(schemas);
        monitoringRoles = List.copyOf(monitoringRoles);
    }

    /** A report on the login role. */
    public RoleReport(String role, String database, boolean superuser, List<String> fileAccessRoles,
                      List<String> riskyAttributes, List<String> riskyMemberships, int writableTableCount,
                      List<String> writableTables, List<String> creatableSchemas, boolean databaseCreate,
                      List<String> schemas, List<String> monitoringRoles) {
        this(role, database, superuser, fileAccessRoles, riskyAttributes, riskyMemberships, writableTableCount,
                writableTables, creatableSchemas, databaseCreate, schemas, monitoringRoles, false);
    }

    /** @return the same findings, judged as those of a role callers are mapped to ({@link #mapped()}) */
    public RoleReport asMapped() {
        return new RoleReport(role, database, superuser, fileAccessRoles, riskyAttributes, riskyMemberships,
                writableTableCount, writableTables, creatableSchemas, databaseCreate, schemas, monitoringRoles, true);
    }

    /** A report without monitoring-role memberships (as before they were reported). */
    public RoleReport(String role, String database, boolean superuser, List<String> fileAccessRoles,
                      List<String> riskyAttributes, List<String> riskyMemberships, int writableTableCount,
                      List<String> writableTables, List<String> creatableSchemas, boolean databaseCreate,
                      List<String> schemas) {
        this(role, database, superuser, fileAccessRoles, riskyAttributes, riskyMemberships, writableTableCount,
                writableTables, creatableSchemas, databaseCreate, schemas, List.of());
    }

    /** @return REFUSE when there is any refusal, else WARN when there is any warning, else OK */
    public Verdict verdict() {
        if (!refusals().isEmpty()) {
            return Verdict.REFUSE;
        }
        return warnings().isEmpty() ? Verdict.OK : Verdict.WARN;
    }

    /** @return one line per reason to refuse the role (empty when none) */
    public List<String> refusals() {
        List<String> out = new ArrayList<>();
        if (superuser) {
            out.add("role \"" + role + "\" is a superuser: it bypasses every permission check and can read "
                    + "server files or run programs through a single bypass");
            // Memberships are implied (pg_has_role is true for every role).
            return out;
        }
        for (String r : fileAccessRoles) {
            out.add("role \"" + role + "\" is a member of " + r + " (" + FILE_ROLE_MEANING.getOrDefault(r, "") + ")");
        }
        if (mapped) {
            out.addAll(writes());
        }
        return out;
    }

    /** @return one line per write or CREATE privilege (warnings of the login role, refusals of a mapped one) */
    private List<String> writes() {
        List<String> out = new ArrayList<>();
        if (mapped && riskyMemberships.contains(WRITE_ALL)) {
            out.add("role \"" + role + "\" is a member of " + WRITE_ALL + " (writes every table)");
        }
        if (writableTableCount > 0) {
            out.add("role \"" + role + "\" may write " + writableTableCount + " table(s)/view(s): "
                    + String.join(", ", writableTables) + (writableTableCount > writableTables.size() ? ", ..." : ""));
        }
        if (!creatableSchemas.isEmpty()) {
            out.add("role \"" + role + "\" may CREATE in schema(s): " + String.join(", ", creatableSchemas));
        }
        if (databaseCreate) {
            out.add("role \"" + role + "\" may CREATE schemas in database " + database);
        }
        return out;
    }

    /** @return one line per privilege a read-only role should not have (empty when none) */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (superuser) {
            // Everything below is implied; the refusal says it all.
            return out;
        }
        for (String a : riskyAttributes) {
            out.add("role \"" + role + "\" has " + a);
        }
        for (String m : riskyMemberships) {
            if (!(mapped && m.equals(WRITE_ALL))) {
                out.add("role \"" + role + "\" is a member of " + m);
            }
        }
        if (!mapped) {
            out.addAll(writes());
        }
        return out;
    }

    /**
     * @return the report for a person: a verdict line, then one line per refusal ({@code REFUSE: ...})
     *         and warning ({@code WARN: ...})
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("database ").append(database).append(mapped ? ", mapped role \"" : ", role \"").append(role)
                .append("\": ").append(verdict());
        for (String r : refusals()) {
            sb.append("\n  REFUSE: ").append(r);
        }
        for (String w : warnings()) {
            sb.append("\n  WARN: ").append(w);
        }
        if (verdict() == Verdict.OK) {
            sb.append("\n  read-only: no superuser, no server file or program access, no write or CREATE privilege");
        }
        if (!superuser && !monitoringRoles.isEmpty()) {
            sb.append("\n  monitoring (read-only, accepted): member of ").append(String.join(", ", monitoringRoles))
                    .append("; the insight tools see every session's and statement's statistics");
        }
        return sb.toString();
    }
}
