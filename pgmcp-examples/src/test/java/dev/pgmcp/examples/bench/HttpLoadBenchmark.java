package dev.pgmcp.examples.bench;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.examples.DemoDatabase;
import dev.pgmcp.http.HttpSettings;
import dev.pgmcp.http.PgMcpHttpServer;
import dev.pgmcp.spi.ToolResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP load benchmark (not a test; see benchmarks/http-load/README.md): point queries on the demo
 * database through Streamable HTTP by 1, 16 and 64 concurrent MCP clients (one SDK client and session
 * each), and the same calls made in-process through {@code PgMcp.callTool}, each level for a fixed
 * duration. Prints calls/s, p50/p99 latency in ms and errors per level. Every loop is bounded in time
 * and count; traffic goes to 127.0.0.1 only.
 *
 * <p>Arguments: {@code [seconds-per-level (default 10)] [levels (default 1,16,64)]}.
 */
public final class HttpLoadBenchmark {

    private static final String SQL = "SELECT name, country, mrr FROM customers WHERE id = $1";
    private static final long MAX_CALLS_PER_WORKER = 1_000_000;

    private HttpLoadBenchmark() {
    }

    /** @param args seconds per level, then comma-separated client counts */
    public static void main(String[] args) throws Exception {
        Duration perLevel = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        int[] levels = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[]{1, 16, 64};
        int maxLevel = Arrays.stream(levels).max().orElse(1);
        try (DemoDatabase demo = DemoDatabase.start();
             PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", demo.readerUrl()).poolMaxSize(16)
                     .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off").build()).build();
             PgMcpHttpServer server = PgMcpHttpServer.builder(engine).settings(HttpSettings.builder().port(0)
                     .accessLog(false).maxInFlight(Math.max(128, maxLevel * 2)).build()).start()) {
            System.out.printf("%-10s %8s %10s %9s %9s %7s%n", "path", "clients", "calls/s", "p50 ms", "p99 ms", "errors");
            for (int clients : levels) {
                report("http", clients, runHttp(server.uri(), clients, perLevel));
                report("in-process", clients, runInProcess(engine, clients, perLevel));
            }
        }
    }

    private record Result(long calls, long errors, double seconds, long[] latenciesNanos) {
    }

    private interface Call {
        boolean run() throws Exception;
    }

    private static Result runHttp(URI uri, int n, Duration duration) throws Exception {
        List<McpSyncClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            McpSyncClient c = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://" + uri.getAuthority())
                    .endpoint(uri.getPath()).build()).requestTimeout(Duration.ofSeconds(60)).build();
            c.initialize();
            clients.add(c);
        }
        try {
            List<Call> calls = clients.stream().<Call>map(c -> () -> {
                McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("execute_query",
                        Map.of("sql", SQL, "params", List.of(randomId()))));
                return !Boolean.TRUE.equals(r.isError());
            }).toList();
            return drive(calls, duration);
        } finally {
            clients.forEach(McpSyncClient::closeGracefully);
        }
    }

    private static Result runInProcess(PgMcp engine, int n, Duration duration) throws Exception {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(() -> {
                ToolResult r = engine.callTool("execute_query", Map.of("sql", SQL, "params", List.of(randomId())));
                return !r.error();
            });
        }
        return drive(calls, duration);
    }

    /** Warms up for a second, then runs every call in its own thread for the duration. */
    private static Result drive(List<Call> calls, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            loop(pool, calls, Duration.ofSeconds(1));
            return loop(pool, calls, duration);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result loop(ExecutorService pool, List<Call> calls, Duration duration) throws Exception {
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        for (Call call : calls) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1024];
                int count = 0;
                while (System.nanoTime() < end && count < MAX_CALLS_PER_WORKER) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = call.run();
                    } catch (Exception e) {
                        ok = false;
                    }
                    if (!ok) {
                        errors.incrementAndGet();
                    }
                    if (count == lat.length) {
                        lat = Arrays.copyOf(lat, lat.length * 2);
                    }
                    lat[count++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(lat, count);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            all.add(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(merged.length, errors.get(), seconds, merged);
    }

    private static void report(String path, int clients, Result r) {
        System.out.printf(Locale.ROOT, "%-10s %8d %10.0f %9.2f %9.2f %7d%n", path, clients, r.calls / r.seconds,
                percentile(r.latenciesNanos, 0.50), percentile(r.latenciesNanos, 0.99), r.errors);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, 44);
    }
}
