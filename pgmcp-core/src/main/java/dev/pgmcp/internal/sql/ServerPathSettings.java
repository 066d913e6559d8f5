package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.internal.sql.SqlLexer.Kind;
import dev.pgmcp.internal.sql.SqlLexer.Token;
import dev.pgmcp.spi.SqlRejectedException.Reason;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The PostgreSQL settings whose values are server file system paths, and the validator rule that
 * refuses looking them up by name: {@code current_setting('data_directory')},
 * {@code SELECT setting FROM pg_settings WHERE name = 'hba_file'}.
 *
 * <p>Why: only superusers and members of {@code pg_read_all_settings} can read these, and pgmcp
 * refuses superusers unless PGMCP_ALLOW_UNSAFE_ROLE is set; even then the server's layout is not
 * the assistant's business. The rule sees names written as literals; the executor hides the actual
 * values in every result as the net behind it ({@code dev.pgmcp.internal.exec.ServerPaths}).
 */
public final class ServerPathSettings {

    /** Setting names (lower case) whose values are paths or commands holding paths. */
    public static final Set<String> NAMES = Set.of("data_directory", "config_file", "hba_file", "ident_file",
            "external_pid_file", "log_directory", "unix_socket_directories", "ssl_cert_file", "ssl_key_file",
            "ssl_ca_file", "ssl_crl_file", "ssl_crl_dir", "ssl_dh_params_file", "krb_server_keyfile",
            "stats_temp_directory", "dynamic_library_path", "extension_control_path", "archive_library",
            "archive_command", "restore_command", "archive_cleanup_command", "recovery_end_command");

    /** Functions and views that look settings up by name. */
    private static final Set<String> LOOKUPS = Set.of("current_setting", "pg_settings", "pg_show_all_settings",
            "pg_file_settings", "pg_show_all_file_settings", "pg_settings_get_flags");

    private ServerPathSettings() {
    }

    /**
     * Runs before the verdict cache (whose shapes leave literal values out), on every call.
     *
     * @param tokens the statement's significant tokens
     * @throws SqlRejectedException DENIED_FUNCTION when a settings lookup and a path setting's name,
     *                              or a literal whose content this rule cannot read plainly, occur together
     */
    static void check(List<Token> tokens) {
        String lookup = null;
        for (Token t : tokens) {
            if ((t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_IDENT) && LOOKUPS.contains(QualifiedName.fold(t.text()))) {
                lookup = QualifiedName.fold(t.text());
                break;
            }
        }
        if (lookup == null) {
            return;
        }
        for (Token t : tokens) {
            String text = t.text();
            String name = null;
            if (t.kind() == Kind.STRING && text.charAt(0) == '\'') {
                name = text.substring(1, text.length() - 1).replace("''", "'");
            } else if (t.kind() == Kind.ESCAPE_STRING || t.kind() == Kind.UNICODE_STRING
                    || t.kind() == Kind.DOLLAR_STRING) {
                // Escapes could spell a name (E'data\137directory'); next to a settings lookup, refuse
                // rather than decode every form.
                throw refused(lookup, "a setting name must be a plain '…' literal here");
            }
            if (name != null && NAMES.contains(name.strip().toLowerCase(Locale.ROOT))) {
                throw refused(lookup, "setting " + name.strip() + " is a server file path");
            }
        }
    }

    private static SqlRejectedException refused(String lookup, String why) {
        return new SqlRejectedException(Reason.DENIED_FUNCTION, "Reading server file paths through " + lookup
                + " is not allowed (" + why + "): data_directory, config_file, hba_file, the socket and TLS file "
                + "settings and the like are not shown.");
    }
}
