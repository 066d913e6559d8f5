package dev.pgmcp.benchmarks;

import dev.pgmcp.internal.audit.AuditLog;
import dev.pgmcp.spi.Outcome;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.StatementEvent;
import dev.pgmcp.spi.ToolCallEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the audit log ({@code PGMCP_AUDIT_LOG}, on stderr by default) costs per tool call: the
 * statement line and the call line of one {@code execute_query}, encoded and written (together, one
 * {@code write(2)} when the call ends) to {@code /dev/null}, so that the score is encoding plus the
 * system call without a terminal or pipe behind it. Microseconds per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuditBenchmark {

    private AuditLog log;
    private StatementEvent statement;
    private ToolCallEvent start;
    private ToolCallEvent call;

    /** Opens the log on /dev/null and builds one call's two events. */
    @Setup(Level.Trial)
    public void setUp() {
        log = AuditLog.toFile(Path.of("/dev/null"));
        statement = StatementEvent.started("execute_query", "main", Principal.LOCAL,
                        "SELECT id, name, email, country FROM customers WHERE id = $1", 1)
                .succeeded(1, 1, 141, false, null);
        start = ToolCallEvent.started("execute_query", "main", Principal.LOCAL);
        call = start.ended(1, Outcome.OK, null);
    }

    /** Closes the file. */
    @TearDown(Level.Trial)
    public void tearDown() {
        log.close();
    }

    /** One call's audit lines: its statement, then the call. */
    @Benchmark
    public void statementAndCall() {
        log.toolCallStarted(start);
        log.statementEnded(statement);
        log.toolCallEnded(call);
    }
}
