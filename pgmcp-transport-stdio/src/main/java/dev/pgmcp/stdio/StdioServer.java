package dev.pgmcp.stdio;

import dev.pgmcp.PgMcp;
import dev.pgmcp.mcp.McpProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves a {@link PgMcp} engine over MCP's stdio transport (newline-delimited JSON-RPC on stdin and
 * stdout), for clients that start the server as a subprocess (Claude Desktop, the MCP Inspector...).
 *
 * <p>stdout carries the protocol only: {@link #runOnProcessStdio} hands the real stdout to the
 * transport and points {@code System.out} at stderr, so a stray print from any library cannot
 * corrupt the stream; logs go to stderr. The server stops when stdin reaches end of file: calls
 * still in flight get {@code PGMCP_SHUTDOWN_TIMEOUT_MS} ({@link dev.pgmcp.config.PgMcpConfig#shutdownTimeout()})
 * to finish; then their statements are cancelled on the server and they answer that the server is
 * shutting down, and the engine is closed. On SIGTERM or SIGINT (a client that did not wait for
 * that), {@link #runOnProcessStdio} does the same at once, without the grace period, before the JVM
 * exits (with status 143 or 130, the JVM's for those signals).
 *
 * <p>Each line is decoded once and handed to the protocol layer ({@link McpProtocol}), which serves
 * both protocol eras; see {@link Connection} for how lines are read, answered and run.
 */
public final class StdioServer {

    private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

    private StdioServer() {
    }

    /**
     * Serves on this process's stdin/stdout until stdin closes, then closes the engine.
     *
     * @param engine the engine to serve
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public static void runOnProcessStdio(PgMcp engine) throws InterruptedException {
        runOnProcessStdio(engine, new CompletableFuture<>());
    }

    /**
     * Serves on this process's stdin/stdout until stdin closes or {@code startUpCheck} fails, then
     * closes the engine. A launcher uses this to serve at once while a slow start-up check (such as
     * the database role check) runs alongside; calls that need what the check looks at wait for it
     * inside the engine. When serving ends before end of input (a failed check, a signal), the thread
     * reading stdin stays blocked in its read, which nothing can interrupt, and would take what arrives
     * next: the process should exit once this returns, as the launcher does.
     *
     * @param engine       the engine to serve
     * @param startUpCheck a check running alongside; when it completes exceptionally serving stops
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws RuntimeException     the check's failure (unwrapped from {@link CompletionException}),
     *                              after the server and engine are closed
     */
    public static void runOnProcessStdio(PgMcp engine, CompletableFuture<?> startUpCheck) throws InterruptedException {
        System.out.flush();
        System.setOut(System.err);
        // The raw descriptors, not System.in/System.out: the transport buffers both itself, and
        // System.in's BufferedInputStream asks the kernel how much is available (an ioctl) after
        // every read, a system call per message for nothing.
        InputStream protocolIn = new FileInputStream(FileDescriptor.in);
        OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        Stopping stopping = new Stopping();
        // SIGTERM/SIGINT: the JVM exits once its shutdown hooks return, so this one holds it until the
        // calls in flight are cancelled and answered and the pools are closed. Without it the JVM
        // would exit with the calls unanswered and their statements still running in PostgreSQL.
        Thread hook = new Thread(stopping::signalled, "pgmcp-stdio-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run(engine, protocolIn, protocolOut, startUpCheck, stopping);
        } finally {
            stopping.done.countDown(); // also when serving failed to start: the hook must not wait for it
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down already: the hook is running and sees that serving ended.
            }
        }
    }

    /**
     * Serves on the given streams until {@code in} reaches end of file, then closes the engine.
     * Both streams are used by more than one thread over a session (one at a time for {@code in}),
     * as a process's stdin and stdout are: {@code java.io.PipedInputStream} and
     * {@code PipedOutputStream}, which fail once a thread that used them has ended, do not fit.
     *
     * @param engine the engine to serve
     * @param in     where JSON-RPC messages arrive
     * @param out    where JSON-RPC messages go (nothing else is written there)
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public static void run(PgMcp engine, InputStream in, OutputStream out) throws InterruptedException {
        run(engine, in, out, new CompletableFuture<>());
    }

    /**
     * Serves on the given streams until {@code in} reaches end of file or {@code startUpCheck} fails,
     * then closes the engine; see {@link #runOnProcessStdio(PgMcp, CompletableFuture)}.
     *
     * @throws RuntimeException the check's failure, after the server and engine are closed
     */
    public static void run(PgMcp engine, InputStream in, OutputStream out, CompletableFuture<?> startUpCheck)
            throws InterruptedException {
        run(engine, in, out, startUpCheck, new Stopping());
    }

    private static void run(PgMcp engine, InputStream in, OutputStream out, CompletableFuture<?> startUpCheck,
                            Stopping stopping) throws InterruptedException {
        CountDownLatch stop = stopping.stop;
        stopping.stopCalls = engine::stopCalls;
        AtomicReference<Throwable> failed = new AtomicReference<>();
        // Set once serving ends for another reason (end of input, a signal): a check still running then
        // fails because the engine is closing under it (its connection closed), which is not its verdict.
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        Connection connection = new Connection(new McpProtocol(engine), new LineWriter(out));
        Thread reader = new Thread(() -> connection.serve(in, stop::countDown), "pgmcp-stdio-reader");
        reader.setDaemon(true);
        reader.start();
        LOG.info("pgmcp {} serving MCP over stdio", McpProtocol.version());
        startUpCheck.whenComplete((ignored, e) -> {
            if (e != null) {
                synchronized (closing) {
                    if (!closing.get()) {
                        failed.set(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                    }
                }
                stop.countDown();
            }
        });
        try {
            stop.await();
            synchronized (closing) {
                closing.set(failed.get() == null); // from here on, only a failure that came first counts
            }
            if (failed.get() == null) {
                boolean signalled = stopping.signalled;
                // A client may close stdin right after its last request (printf ... | pgmcp): give the
                // calls in flight the grace period before their statements are cancelled; with none
                // running this costs nothing. A signal means the client is not waiting: no grace.
                Duration grace = signalled ? Duration.ZERO : engine.config().shutdownTimeout();
                int running = connection.inFlight();
                String why = signalled ? "signal received" : "stdin closed";
                LOG.info(running == 0 || signalled ? why + ", shutting down"
                        : why + ", shutting down; the " + running + " request(s) in flight get " + grace.toMillis()
                        + " ms to finish");
                if (!connection.awaitIdle(grace)) {
                    // Their statements would otherwise run on in PostgreSQL after the pools close.
                    int stopped = engine.stopCalls();
                    LOG.info("{} request(s) still running: {} tool call(s) cancelled, answering that the server is "
                            + "shutting down", connection.inFlight(), stopped);
                    if (!connection.awaitIdle(Duration.ofSeconds(PgMcp.CLOSE_WAIT_SECONDS))) {
                        LOG.warn("{} request(s) still unanswered after {} s; stopping anyway", connection.inFlight(),
                                PgMcp.CLOSE_WAIT_SECONDS);
                    }
                }
            } else {
                LOG.info("start-up check failed, shutting down");
            }
        } finally {
            try {
                connection.close();
                engine.close();
            } finally {
                stopping.done.countDown();
            }
        }
        Throwable e = failed.get();
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** How serving is told to stop (end of input, a failed check, a signal) and tells that it has stopped. */
    private static final class Stopping {
        /** Longest a signal waits for serving to stop: answering (after cancelling) and closing, with margin. */
        private static final Duration SIGNAL_WAIT = Duration.ofSeconds(3L * PgMcp.CLOSE_WAIT_SECONDS);

        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean signalled;
        /** Cancels the calls in flight: a signal during the grace period after end of input ends it. */
        volatile Runnable stopCalls = () -> { };

        /** Runs in the JVM's shutdown hook: asks serving to stop now and waits until it has. */
        void signalled() {
            signalled = true;
            stop.countDown();
            stopCalls.run();
            try {
                if (!done.await(SIGNAL_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    LOG.warn("still stopping after {} s; exiting anyway", SIGNAL_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
