package dev.pgmcp.examples;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.metrics.PgMcpMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The launcher's metrics when {@code PGMCP_METRICS=prometheus}: a Micrometer Prometheus registry
 * with pgmcp's meters ({@link PgMcpMetrics}: tool calls, statements, rejections, HikariCP pools) and
 * the JVM's (memory, threads, CPU), and its scrape text for the HTTP transport's {@code GET /metrics}.
 */
public final class PrometheusMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PgMcpMetrics metrics = PgMcpMetrics.bindTo(registry);

    private PrometheusMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** @return the metrics when the configuration asks for Prometheus ({@code PGMCP_METRICS}), else empty */
    public static Optional<PrometheusMetrics> forConfig(PgMcpConfig config) {
        return "prometheus".equals(config.metrics()) ? Optional.of(new PrometheusMetrics()) : Optional.empty();
    }

    /** Registers pgmcp's meters and pool metrics on the engine builder; returns {@code builder}. */
    public PgMcp.Builder applyTo(PgMcp.Builder builder) {
        return metrics.applyTo(builder);
    }

    /**
     * @return the current scrape text in the Prometheus text exposition format (version 0.0.4, served
     *         as {@code text/plain; version=0.0.4; charset=utf-8})
     */
    public Supplier<String> scrape() {
        return registry::scrape;
    }

    /** @return the registry, for a host that binds more meters */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
