package dev.pgmcp.internal.sql;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which functions a query may not call, even inside an otherwise read-only SELECT.
 *
 * <p>A read-only transaction does not stop every side effect: {@code pg_sleep} ties up a
 * connection, {@code pg_terminate_backend} kills other sessions, {@code dblink_exec} and
 * {@code query_to_xml} run arbitrary SQL text the validator never saw, {@code lo_export} and
 * {@code pg_read_file} touch the server's file system, advisory locks outlive the query, and so
 * on. The {@link #defaults() default} list covers the built-in and common-extension functions of
 * that kind.
 *
 * <p>Matching is case-insensitive and ignores any schema (or database) qualification:
 * {@code PG_SLEEP}, {@code pg_catalog.pg_sleep} and {@code "pg_sleep"} are all denied. Schema
 * qualification is ignored on purpose, not just {@code pg_catalog.}: extension functions such as
 * {@code dblink_exec} live in whatever schema the extension was installed into.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FunctionPolicy {

    private static final Set<String> DEFAULT_DENIED = Set.of(
            // Stalls the connection / the pool.
            "pg_sleep", "pg_sleep_for", "pg_sleep_until",
            // Server and session administration.
            "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
            "pg_promote", "set_config",
            // Sequence mutation (nextval/setval change state even in a read-only transaction
            // on older servers and burn values otherwise); currval is harmless and allowed.
            "nextval", "setval",
            // Large objects: server-side file access and writes.
            "lo_import", "lo_export", "lo_unlink", "lo_create", "lo_open", "lo_put", "lo_from_bytea",
            "lo_truncate",
            // Server file system.
            "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_ls_logdir",
            "pg_ls_waldir", "pg_ls_tmpdir", "pg_ls_archive_statusdir",
            "pg_file_write", "pg_file_rename", "pg_file_unlink",
            // dblink runs arbitrary SQL on any server, including this one outside our transaction.
            "dblink", "dblink_exec", "dblink_connect", "dblink_connect_u", "dblink_send_query",
            "dblink_open",
            // Advisory locks survive the statement and can block other clients.
            "pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_xact_lock",
            "pg_advisory_xact_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
            "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared",
            // Notifications, backups, WAL and replication.
            "pg_notify", "pg_create_restore_point", "pg_switch_wal", "pg_start_backup",
            "pg_stop_backup", "pg_backup_start", "pg_backup_stop",
            "pg_create_physical_replication_slot", "pg_create_logical_replication_slot",
            "pg_drop_replication_slot", "pg_logical_emit_message", "pg_replication_origin_create",
            "pg_import_system_collations",
            // Assigns a transaction id (a write) to an otherwise read-only transaction.
            "txid_current", "pg_current_xact_id",
            // Execute SQL given as text, bypassing validation.
            "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "cursor_to_xml",
            "cursor_to_xmlschema", "table_to_xml",
            // ts_stat(query) and ts_rewrite(query, text) run SQL given as text as well.
            "ts_stat", "ts_rewrite",
            // Dump whole tables, schemas or the database, past the relation policy (STABLE, so the
            // volatility check does not catch them).
            "table_to_xmlschema", "table_to_xml_and_xmlschema", "schema_to_xml", "schema_to_xmlschema",
            "schema_to_xml_and_xmlschema", "database_to_xml", "database_to_xmlschema",
            "database_to_xml_and_xmlschema",
            // Large object contents (pg_largeobject is a denied relation) and writes.
            "lo_get", "loread", "lowrite", "lo_creat",
            // Server configuration files and more server directories.
            "pg_hba_file_rules", "pg_ident_file_mappings", "pg_show_all_file_settings",
            "pg_ls_logicalmapdir", "pg_ls_logicalsnapdir", "pg_ls_replslotdir", "pg_ls_summariesdir",
            // COPY-like bulk file access offered by extensions (e.g. pg_copy, file_fdw helpers).
            "copy", "pg_copy", "copy_from", "copy_to");

    private static final FunctionPolicy DEFAULTS = new FunctionPolicy(DEFAULT_DENIED);

    private final Set<String> denied;

    private FunctionPolicy(Collection<String> names) {
        TreeSet<String> normalized = new TreeSet<>();
        for (String name : names) {
            String n = normalize(Objects.requireNonNull(name, "function name"));
            if (n.isEmpty()) {
                throw new IllegalArgumentException("blank function name");
            }
            normalized.add(n);
        }
        this.denied = Collections.unmodifiableSet(normalized);
    }

    private static final FunctionPolicy NONE = new FunctionPolicy(Set.of());

    /**
     * A policy that denies nothing: for testing the other layers on their own, and as a base for a
     * fully custom list ({@code none().withDenied(...)}). Production code wants {@link #defaults()}.
     */
    public static FunctionPolicy none() {
        return NONE;
    }

    /** @return the built-in denylist described in the class comment */
    public static FunctionPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a new policy that denies everything this one does plus {@code extraFunctionNames}.
     *
     * @param extraFunctionNames unqualified or qualified names, any case
     * @return a new policy; this one is unchanged
     * @throws NullPointerException     if the collection or an element is null
     * @throws IllegalArgumentException if a name is blank
     */
    public FunctionPolicy withDenied(Collection<String> extraFunctionNames) {
        Objects.requireNonNull(extraFunctionNames, "extraFunctionNames");
        TreeSet<String> all = new TreeSet<>(denied);
        all.addAll(extraFunctionNames);
        return new FunctionPolicy(all);
    }

    /**
     * @param functionName a function name as written in SQL: unqualified or dotted, optionally
     *                     double-quoted, any case
     * @return whether a call to that function must be rejected
     */
    public boolean isDenied(String functionName) {
        if (functionName == null) {
            return false;
        }
        return denied.contains(normalize(functionName));
    }

    /** @return the denied (normalised: lower-case, unqualified) names, sorted and unmodifiable */
    public Set<String> deniedFunctions() {
        return denied;
    }

    /** Lower-cases, drops quotes and keeps only the last dotted part ({@code a."B".c} → {@code c}). */
    static String normalize(String name) {
        String trimmed = name.trim();
        int lastDot = lastDotOutsideQuotes(trimmed);
        String last = lastDot < 0 ? trimmed : trimmed.substring(lastDot + 1);
        last = last.trim();
        if (last.length() >= 2 && last.startsWith("\"") && last.endsWith("\"")) {
            last = last.substring(1, last.length() - 1).replace("\"\"", "\"");
        }
        return last.toLowerCase(Locale.ROOT);
    }

    private static int lastDotOutsideQuotes(String s) {
        boolean quoted = false;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                last = i;
            }
        }
        return last;
    }

    @Override
    public String toString() {
        return "FunctionPolicy" + denied;
    }
}
