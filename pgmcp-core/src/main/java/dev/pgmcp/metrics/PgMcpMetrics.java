package dev.pgmcp.metrics;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.pgmcp.PgMcp;
import dev.pgmcp.spi.Outcome;
import dev.pgmcp.spi.QueryListener;
import dev.pgmcp.spi.StatementEvent;
import dev.pgmcp.spi.ToolCallEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Objects;

/**
 * pgmcp's Micrometer metrics: a {@link QueryListener} that records tool calls and statements in a
 * {@link MeterRegistry}, plus HikariCP's own Micrometer binding for the connection pools.
 *
 * <pre>{@code
 * PgMcpMetrics metrics = PgMcpMetrics.bindTo(registry);
 * PgMcp pgmcp = metrics.applyTo(PgMcp.builder(config)).build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code pgmcp.tool.calls}</td><td>timer</td><td>{@code tool}, {@code outcome}</td>
 *       <td>tool calls and their latency; {@code outcome} is ok, error, rejected, rate_limited or cancelled</td></tr>
 *   <tr><td>{@code pgmcp.statements}</td><td>timer</td><td>{@code database}, {@code outcome}</td>
 *       <td>statements the executor ran or refused, and their latency</td></tr>
 *   <tr><td>{@code pgmcp.statement.rows}</td><td>summary</td><td>{@code database}</td>
 *       <td>rows per successful statement</td></tr>
 *   <tr><td>{@code pgmcp.sql.rejections}</td><td>counter</td><td>{@code reason}</td>
 *       <td>statements the validator refused, per reason (e.g. {@code denied_function})</td></tr>
 *   <tr><td>{@code hikaricp.connections*}</td><td>gauges, timers</td><td>{@code pool} ({@code pgmcp-<alias>})</td>
 *       <td>HikariCP's own pool meters: active, idle, pending, max, acquire/usage/creation times, timeouts</td></tr>
 * </table>
 *
 * <p>This package is the only one in pgmcp-core that touches Micrometer (an optional dependency):
 * pgmcp loads and runs without Micrometer on the class path as long as the host does not call
 * {@link #bindTo}. Tag values are bounded: tool names and database aliases are configured, reasons
 * and outcomes are enums. Thread-safe.
 */
public final class PgMcpMetrics implements QueryListener {

    private final MeterRegistry registry;

    private PgMcpMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * @param registry where the meters go (Prometheus, a {@code SimpleMeterRegistry}...)
     * @return the metrics; register them with {@link #applyTo}
     */
    public static PgMcpMetrics bindTo(MeterRegistry registry) {
        return new PgMcpMetrics(registry);
    }

    /** @return the registry the meters go to */
    public MeterRegistry registry() {
        return registry;
    }

    /** @return HikariCP's Micrometer binding for this registry, for {@link PgMcp.Builder#poolMetrics} */
    public MetricsTrackerFactory poolMetrics() {
        return new MicrometerMetricsTrackerFactory(registry);
    }

    /**
     * Registers these metrics on an engine builder: as a listener and as the pools' metrics binding.
     *
     * @return {@code builder}
     */
    public PgMcp.Builder applyTo(PgMcp.Builder builder) {
        return builder.addListener(this).poolMetrics(poolMetrics());
    }

    @Override
    public void toolCallEnded(ToolCallEvent e) {
        Timer.builder("pgmcp.tool.calls")
                .description("MCP tool calls, by tool and outcome")
                .tag("tool", e.tool())
                .tag("outcome", e.outcome().label())
                .register(registry)
                .record(Duration.ofMillis(Math.max(0, e.durationMillis())));
    }

    @Override
    public void statementEnded(StatementEvent e) {
        String database = e.database() == null ? "" : e.database();
        Timer.builder("pgmcp.statements")
                .description("SQL statements the executor ran or refused, by database and outcome")
                .tag("database", database)
                .tag("outcome", e.outcome().label())
                .register(registry)
                .record(Duration.ofMillis(Math.max(0, e.durationMillis())));
        if (e.outcome() == Outcome.REJECTED) {
            Counter.builder("pgmcp.sql.rejections")
                    .description("Statements the SQL validator refused, by reason")
                    .tag("reason", e.rejectionReason() == null ? "unknown" : e.rejectionReason())
                    .register(registry)
                    .increment();
        } else if (e.outcome() == Outcome.OK) {
            DistributionSummary.builder("pgmcp.statement.rows")
                    .description("Rows returned per statement")
                    .baseUnit("rows")
                    .tag("database", database)
                    .register(registry)
                    .record(e.rows());
        }
    }
}
