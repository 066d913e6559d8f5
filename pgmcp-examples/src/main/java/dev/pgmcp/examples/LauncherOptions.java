package dev.pgmcp.examples;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;
import org.apache.commons.cli.help.HelpFormatter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The launcher's command line, parsed with Apache Commons CLI: {@code --url}, {@code --demo},
 * {@code --check}, {@code --transport}, {@code --port}, {@code --host}, {@code --help} and
 * {@code --version}. Long options only, each either {@code --name value} or {@code --name=value};
 * an abbreviated option name is not accepted.
 *
 * <p>(Commons CLI rather than an annotation-driven parser: its classes are Java 8 class files, which
 * the launcher's class-data-sharing archive can hold on Java 17, so the command line costs next to
 * nothing at start-up.)
 *
 * @param url       {@code --url}, or null
 * @param demo      {@code --demo}
 * @param check     {@code --check}
 * @param transport {@code --transport} as given ({@code stdio} when absent); the launcher checks it
 * @param port      {@code --port}, or null
 * @param host      {@code --host}, or null
 * @param help      {@code --help} / {@code -h}
 * @param version   {@code --version} / {@code -V}
 */
record LauncherOptions(String url, boolean demo, boolean check, String transport, Integer port, String host,
                       boolean help, boolean version) {

    /** A command line that cannot be parsed; the message says what is wrong, for a person. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static final Options OPTIONS = new Options()
            .addOption(valued("url", "URL",
                    "Database URL: postgresql://user:pass@host:5432/db?sslmode=require or jdbc:postgresql://..."))
            .addOption(flag("demo", "Start an embedded PostgreSQL with demo customer-success data and serve it."))
            .addOption(flag("check", "Check the database role (read-only? superuser?), print the report and the SQL "
                    + "for a read-only role, and exit: 0 = OK, 1 = warnings, 2 = refused or configuration error."))
            .addOption(valued("transport", "stdio|http",
                    "stdio (default): MCP on stdin/stdout; http: Streamable HTTP (settings PGMCP_HTTP_*)."))
            .addOption(valued("port", "PORT", "HTTP port (overrides PGMCP_HTTP_PORT; default 8080; 0 = any free port)."))
            .addOption(valued("host", "ADDRESS", "HTTP bind address (overrides PGMCP_HTTP_HOST; default 127.0.0.1)."))
            .addOption(Option.builder("h").longOpt("help").desc("Show this help message and exit.").get())
            .addOption(Option.builder("V").longOpt("version").desc("Print version information and exit.").get());

    private static Option flag(String name, String description) {
        return Option.builder().longOpt(name).desc(description).get();
    }

    private static Option valued(String name, String argName, String description) {
        return Option.builder().longOpt(name).hasArg().argName(argName).desc(description).get();
    }

    /**
     * @param args the command-line arguments
     * @return the options
     * @throws UsageException for an unknown option, an option without its value, a {@code --port}
     *                        that is not a number, or an argument that is not an option
     */
    static LauncherOptions parse(String[] args) throws UsageException {
        CommandLine cl;
        try {
            cl = DefaultParser.builder().setAllowPartialMatching(false).get().parse(OPTIONS, args);
        } catch (UnrecognizedOptionException e) {
            throw new UsageException("Unknown option: '" + e.getOption() + "'");
        } catch (MissingArgumentException e) {
            throw new UsageException("Missing value for option '--" + e.getOption().getLongOpt() + "' ("
                    + e.getOption().getArgName() + ")");
        } catch (ParseException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> rest = cl.getArgList();
        if (!rest.isEmpty()) {
            throw new UsageException("Unexpected argument: '" + rest.get(0) + "' (options start with --)");
        }
        Integer port = null;
        if (cl.hasOption("port")) {
            String value = cl.getOptionValue("port");
            try {
                port = Integer.valueOf(value.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("Invalid value for option '--port': '" + value + "' is not a number");
            }
        }
        return new LauncherOptions(cl.getOptionValue("url"), cl.hasOption("demo"), cl.hasOption("check"),
                cl.getOptionValue("transport", "stdio"), port, cl.getOptionValue("host"), cl.hasOption("help"),
                cl.hasOption("version"));
    }

    /** Prints the usage and every option to standard output. */
    static void printHelp() {
        try {
            HelpFormatter.builder().setShowSince(false).get().printHelp("pgmcp-server [OPTIONS]",
                    "Serves a PostgreSQL database to AI assistants over the Model Context Protocol (stdio or HTTP), "
                            + "read-only.",
                    OPTIONS,
                    "Configuration also comes from the environment: PGMCP_DATABASE_URL or DATABASE_URL, PGHOST/"
                            + "PGPORT/PGDATABASE/PGUSER/PGPASSWORD/PGSSLMODE, and PGMCP_* settings, PGMCP_HTTP_* for "
                            + "HTTP (see docs/http.md).",
                    false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
