package dev.pgmcp.internal.audit;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.QueryListener;
import dev.pgmcp.spi.StatementEvent;
import dev.pgmcp.spi.ToolCallEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The built-in audit log ({@code PGMCP_AUDIT_LOG}): a {@link QueryListener} that writes one JSON
 * object per line, to stderr or appended to a file, for every statement the executor ran or refused
 * and for every tool call, when it ends. A call's statement lines come before its call line, and are
 * written with it: a tool call's lines leave in one {@code write(2)} when the call ends (statements run
 * outside a tool call, or on another thread than the call's, are written when they end).
 *
 * <p>A statement line:
 * <pre>{@code
 * {"time":"2025-06-01T12:00:00.123Z","event":"statement","principal":"local","tool":"execute_query",
 *  "database":"main","sql":"SELECT ... WHERE id = $1","parameterCount":1,"durationMs":3,"rows":1,
 *  "bytes":41,"truncated":false,"outcome":"ok","sqlState":null,"rejectionReason":null,"error":null}
 * }</pre>
 * A tool call line: {@code time, event ("tool_call"), principal, tool, database, durationMs, outcome,
 * error}, plus {@code traceparent} and {@code tracestate} when the request carried a W3C trace
 * context in its {@code _meta}. With per-person roles, both lines have {@code role} after
 * {@code principal}: the database role the call's statements ran as (absent when they ran as the
 * login role). {@code time} is when the event ended (ISO-8601, UTC); {@code durationMs} is in milliseconds;
 * {@code rows} and {@code bytes} are {@code null} when no rows were read; {@code outcome} is
 * {@code ok}, {@code error}, {@code rejected}, {@code rate_limited}, {@code cancelled} or
 * {@code input_required}.
 *
 * <p>Never written: parameter values (only their count), passwords, tokens, or connection URLs; the
 * SQL and error texts also pass through {@link Redaction} in case a client put a secret in them.
 *
 * <p>Why a call's lines go together: on stderr every write wakes whatever reads it (the MCP client
 * that started a stdio server, a terminal, a log shipper), and two system calls per call were a tenth
 * of a warm {@code execute_query}'s CPU. A call's statements are held only while the call runs (its
 * request timeout bounds that), and never more than {@value #MAX_HELD_BYTES} bytes of them.
 *
 * <p>Thread-safe: each line is encoded first and then written whole and flushed under a lock, so
 * concurrent calls never interleave within a line. The statement lines a call holds are its own
 * thread's: the engine fires a call's events on the thread that runs it ({@link QueryListener}).
 */
public final class AuditLog implements QueryListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final JsonFactory JSON = new JsonFactory();

    /** Most bytes of statement lines a call holds before they are written without waiting for its end. */
    static final int MAX_HELD_BYTES = 64 * 1024;

    /** The current second's date and time of day ({@code 2025-06-01T12:00:00}), formatted once per second. */
    private static volatile Second second = new Second(Long.MIN_VALUE, "");

    private final OutputStream file;
    private final String target;
    private volatile boolean warned;
    private volatile boolean closed;
    /** Per thread: the tool calls running on it (nested calls count) and the statement lines they hold. */
    private final ThreadLocal<Held> held = ThreadLocal.withInitial(Held::new);

    private AuditLog(OutputStream file, String target) {
        this.file = file;
        this.target = target;
    }

    /**
     * Opens the audit log the configuration names.
     *
     * @return the log, or empty when {@code PGMCP_AUDIT_LOG=off}
     * @throws ConfigException naming {@code PGMCP_AUDIT_LOG} when the file cannot be opened for appending
     */
    public static Optional<AuditLog> open(PgMcpConfig config) {
        String target = config.auditLog();
        if (PgMcpConfig.AUDIT_OFF.equals(target)) {
            return Optional.empty();
        }
        if (PgMcpConfig.AUDIT_STDERR.equals(target)) {
            return Optional.of(toStderr());
        }
        return Optional.of(toFile(Path.of(target)));
    }

    /** @return an audit log on the process's stderr (looked up at each write) */
    public static AuditLog toStderr() {
        return new AuditLog(null, PgMcpConfig.AUDIT_STDERR);
    }

    /**
     * @param path a file, appended to and created if missing (its directory must exist)
     * @return an audit log appending to that file
     * @throws ConfigException naming {@code PGMCP_AUDIT_LOG} when it cannot be opened
     */
    public static AuditLog toFile(Path path) {
        try {
            // Append mode: every line is one write(2) on an O_APPEND descriptor, never an interruptible channel.
            OutputStream out = new FileOutputStream(path.toFile(), true);
            return new AuditLog(out, path.toString());
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("PGMCP_AUDIT_LOG", "cannot append to '" + path + "': " + e);
        }
    }

    /** @return {@code stderr} or the file's path */
    public String target() {
        return target;
    }

    @Override
    public void toolCallStarted(ToolCallEvent e) {
        held.get().calls++;
    }

    @Override
    public void statementEnded(StatementEvent e) {
        Line line = new Line("statement", e.principal().name(), e.role(), e.tool(), e.database());
        JsonGenerator g = line.json;
        g.writeStringProperty("sql", Redaction.redact(e.sql()));
        g.writeNumberProperty("parameterCount", e.parameterCount());
        g.writeNumberProperty("durationMs", e.durationMillis());
        line.count("rows", e.rows());
        line.count("bytes", e.bytes());
        g.writeBooleanProperty("truncated", e.truncated());
        if (e.truncation() != null) {
            g.writeStringProperty("truncation", e.truncation());
        }
        g.writeStringProperty("outcome", e.outcome().label());
        g.writeStringProperty("sqlState", e.sqlState());
        g.writeStringProperty("rejectionReason", e.rejectionReason());
        g.writeStringProperty("error", Redaction.redact(e.errorMessage()));
        byte[] bytes = line.end();
        Held h = held.get();
        if (h.calls > 0 && e.tool() != null && h.bytes + bytes.length <= MAX_HELD_BYTES) {
            h.lines.add(bytes);
            h.bytes += bytes.length;
        } else {
            write(h.with(bytes));
        }
    }

    @Override
    public void toolCallEnded(ToolCallEvent e) {
        Line line = new Line("tool_call", e.principal().name(), e.role(), e.tool(), e.database());
        JsonGenerator g = line.json;
        g.writeNumberProperty("durationMs", e.durationMillis());
        g.writeStringProperty("outcome", e.outcome().label());
        g.writeStringProperty("error", Redaction.redact(e.errorMessage()));
        if (e.trace() != null) {
            g.writeStringProperty("traceparent", e.trace().traceparent());
            g.writeStringProperty("tracestate", e.trace().tracestate());
        }
        Held h = held.get();
        h.calls = Math.max(0, h.calls - 1);
        write(h.with(line.end()));
    }

    /** The statement lines held on one thread until its tool call ends, and how many calls run there. */
    private static final class Held {
        final List<byte[]> lines = new ArrayList<>(2);
        int bytes;
        int calls;

        /** @return the held lines then {@code last}, as one array; nothing is held afterwards */
        byte[] with(byte[] last) {
            if (lines.isEmpty()) {
                return last;
            }
            byte[] all = new byte[bytes + last.length];
            int at = 0;
            for (byte[] l : lines) {
                System.arraycopy(l, 0, all, at, l.length);
                at += l.length;
            }
            System.arraycopy(last, 0, all, at, last.length);
            lines.clear();
            bytes = 0;
            return all;
        }
    }

    /** One second and its text, {@code yyyy-MM-ddTHH:mm:ss}. */
    private record Second(long epochSecond, String text) {
    }

    /**
     * {@code now} as {@link Instant#toString()} writes it (ISO-8601, UTC, the fraction in groups of
     * three digits, none when it is zero), with the date part formatted once per second rather than
     * through {@code DateTimeFormatter} for every line.
     */
    static String time(Instant now) {
        long s = now.getEpochSecond();
        Second sec = second;
        if (sec.epochSecond() != s) {
            String whole = Instant.ofEpochSecond(s).toString(); // ends in "Z"
            sec = new Second(s, whole.substring(0, whole.length() - 1));
            second = sec;
        }
        int nanos = now.getNano();
        StringBuilder b = new StringBuilder(sec.text().length() + 11).append(sec.text());
        if (nanos != 0) {
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
            String text = Integer.toString(value);
            b.append('.');
            for (int pad = digits - text.length(); pad > 0; pad--) {
                b.append('0');
            }
            b.append(text);
        }
        return b.append('Z').toString();
    }

    /**
     * One line being encoded: Jackson's streaming generator straight into UTF-8 bytes (no map, no
     * serializer lookup, no intermediate String), opened with the fields every line starts with.
     * A null string is written as JSON null.
     */
    private static final class Line {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        private final JsonGenerator json = JSON.createGenerator(bytes);

        Line(String event, String principal, String role, String tool, String database) {
            json.writeStartObject();
            json.writeStringProperty("time", time(Instant.now()));
            json.writeStringProperty("event", event);
            json.writeStringProperty("principal", principal);
            if (role != null) {
                json.writeStringProperty("role", role); // per-person roles: the role the statements ran as
            }
            json.writeStringProperty("tool", tool);
            json.writeStringProperty("database", database);
        }

        /** A count, or null when negative (nothing was read). */
        void count(String name, long value) {
            if (value < 0) {
                json.writeNullProperty(name);
            } else {
                json.writeNumberProperty(name, value);
            }
        }

        byte[] end() {
            json.writeEndObject();
            json.close();
            bytes.write('\n');
            return bytes.toByteArray();
        }
    }

    private void write(byte[] bytes) {
        try {
            if (file != null) {
                synchronized (file) {
                    if (!closed) {
                        file.write(bytes);
                        file.flush();
                        return;
                    }
                }
            }
            // stderr, or a call still finishing after the engine closed the file (rather than losing it).
            // Lock the stream itself: for stderr that is also the lock slf4j-simple's log lines take.
            PrintStream err = System.err;
            synchronized (err) {
                err.write(bytes);
                err.flush();
            }
        } catch (IOException e) {
            if (!warned) {
                warned = true; // once: a full disk must not flood stderr as well
                LOG.warn("audit log {}: write failed: {}", target, e.toString());
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the file (nothing to do for stderr); lines of calls that end later go to stderr. Idempotent. */
    @Override
    public void close() {
        if (file != null) {
            synchronized (file) {
                closed = true;
                try {
                    file.close();
                } catch (IOException e) {
                    LOG.warn("audit log {}: close failed: {}", target, e.toString());
                }
            }
        }
    }
}
