package dev.pgmcp.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher jar running as a subprocess in HTTP mode: started with {@code --port 0}, its URL read
 * from the log line it prints on stderr, stopped with SIGTERM (graceful shutdown).
 */
final class LauncherProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("serving MCP over HTTP at (\\S+)");

    private final Process process;
    private final URI uri;
    private final List<String> log; // guarded by itself; the stderr reader keeps adding to it

    private LauncherProcess(Process process, URI uri, List<String> log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /** @return the launcher jar built by the package phase */
    static Path jar() {
        Path jar = Path.of(System.getProperty("pgmcp.server.jar", "target/pgmcp-server.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the launcher jar must be built first: " + jar);
        return jar;
    }

    /** @return this JVM's java executable */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code java -jar pgmcp-server.jar --demo --transport http --port 0 [args]} and waits (up to
     * two minutes: the embedded database starts first) for its URL.
     */
    static LauncherProcess startHttp(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--demo"));
        all.addAll(List.of(args));
        return startHttpWith(env, all.toArray(String[]::new));
    }

    /**
     * As {@link #startHttp} without {@code --demo}: the arguments name the database (e.g. {@code --url}).
     */
    static LauncherProcess startHttpWith(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString(), "--transport", "http",
                "--port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<URI> url = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        url.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
            url.completeExceptionally(new IllegalStateException("the launcher exited before serving: " + lines));
        }, "launcher-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new LauncherProcess(p, url.get(120, TimeUnit.SECONDS), lines);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the launcher did not start: " + e.getMessage() + " " + lines, e);
        }
    }

    /** @return the MCP endpoint, e.g. {@code http://127.0.0.1:43817/mcp} */
    URI uri() {
        return uri;
    }

    /** Sends SIGTERM and waits for the graceful exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** @return whether the process still runs */
    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the stderr lines read so far (the log), one string */
    String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** @return the exit code, once stopped */
    int exitValue() {
        return process.exitValue();
    }
}
