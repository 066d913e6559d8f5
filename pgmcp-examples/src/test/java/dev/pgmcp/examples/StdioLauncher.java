package dev.pgmcp.examples;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The launcher jar as a subprocess speaking MCP over stdio, driven line by line as a client would:
 * requests are written to its stdin, every stdout line is kept as a JSON-RPC message (stdout must carry
 * nothing else), stderr is kept as the log. Lets a test close stdin or send SIGTERM mid-call, which
 * the SDK's client does not.
 */
final class StdioLauncher implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final OutputStream stdin;
    private final List<JsonNode> messages = new ArrayList<>(); // guarded by itself
    private final List<String> stdoutNotJson = new ArrayList<>(); // guarded by messages
    private final List<String> log = new ArrayList<>(); // guarded by itself

    private StdioLauncher(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        reader(process.getInputStream(), "launcher-stdout", line -> {
            synchronized (messages) {
                try {
                    messages.add(JSON.readTree(line));
                } catch (RuntimeException e) {
                    stdoutNotJson.add(line);
                }
                messages.notifyAll();
            }
        });
        reader(process.getErrorStream(), "launcher-stderr", line -> {
            synchronized (log) {
                log.add(line);
            }
        });
    }

    /** Starts {@code java -jar pgmcp-server.jar args} with these extra environment variables. */
    static StdioLauncher start(Map<String, String> env, String... args) throws IOException {
        return start(List.of(LauncherProcess.java(), "-jar", LauncherProcess.jar().toString()), Map.of(), env, args);
    }

    /**
     * Starts {@code bin/pgmcp-server args}, the script the README tells users to run, on this JVM
     * ({@code JAVA_HOME}) and the built jar ({@code PGMCP_JAR}), with these extra environment variables.
     */
    static StdioLauncher startScript(Map<String, String> env, String... args) throws IOException {
        Path script = Path.of(System.getProperty("pgmcp.server.script", "../bin/pgmcp-server")).toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(script), "the launcher script must be executable: " + script);
        return start(List.of(script.toString()), Map.of("JAVA_HOME", System.getProperty("java.home"),
                "PGMCP_JAR", LauncherProcess.jar().toString()), env, args);
    }

    private static StdioLauncher start(List<String> launcher, Map<String, String> base, Map<String, String> env,
            String... args) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(base);
        pb.environment().putAll(env);
        return new StdioLauncher(pb.start());
    }

    private static void reader(InputStream in, String name, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** Sends initialize (protocol 2025-06-18) and notifications/initialized, and waits for the initialize answer. */
    JsonNode initialize(Duration timeout) throws IOException, InterruptedException {
        return initialize("2025-06-18", timeout);
    }

    /** Sends initialize for this protocol version and notifications/initialized, and waits for the initialize answer. */
    JsonNode initialize(String version, Duration timeout) throws IOException, InterruptedException {
        send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version + "\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        JsonNode init = answer(0, timeout);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return init;
    }

    /** Sends a {@code tools/call} of {@code execute_query} with this SQL (no quotes or backslashes in it). */
    void executeQuery(int id, String sql) throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"execute_query\","
                + "\"arguments\":{\"sql\":\"" + sql + "\"}}}");
    }

    /** Writes one JSON-RPC message as a line to the launcher's stdin. */
    void send(String json) throws IOException {
        stdin.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Closes the launcher's stdin (end of input, the polite way for a stdio client to stop a server). */
    void closeStdin() throws IOException {
        stdin.close();
    }

    /**
     * @return the answer (a JSON-RPC response) to request {@code id}
     * @throws AssertionError when none arrives in time; the message holds the log
     */
    JsonNode answer(int id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean ended = false;
        synchronized (messages) {
            while (true) {
                for (JsonNode m : messages) {
                    if (m.has("id") && m.get("id").isNumber() && m.get("id").asInt() == id && !m.has("method")) {
                        return m;
                    }
                }
                if (!ended && !process.isAlive()) {
                    // A process that has ended answers nothing more: what it wrote is read within a second.
                    ended = true;
                    deadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("no answer to request " + id + " within " + timeout.toMillis() + " ms ("
                            + (process.isAlive() ? "running" : "exit status " + process.exitValue()) + "); stdout: "
                            + messages + "; log:\n" + log());
                }
                TimeUnit.NANOSECONDS.timedWait(messages, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
        }
    }

    /** @return the text of a {@code tools/call} result's first content item */
    static String text(JsonNode answer) {
        return answer.path("result").path("content").path(0).path("text").asString("");
    }

    /** @return whether the answer is a tool error result */
    static boolean isError(JsonNode answer) {
        return answer.path("result").path("isError").asBoolean(false);
    }

    /** @return stdout lines that were not JSON (there must be none) */
    List<String> stdoutNotJson() {
        synchronized (messages) {
            return List.copyOf(stdoutNotJson);
        }
    }

    /** @return the stderr lines so far, one string */
    String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** @return the process */
    Process process() {
        return process;
    }

    /**
     * Ends the process if it still runs the way the MCP specification's stdio shutdown does (Lifecycle,
     * Shutdown): closes its input, then sends SIGTERM, then SIGKILL, each after up to 10 seconds. A
     * SIGKILL alone would skip the launcher's shutdown hooks and leave a {@code --demo} database running.
     */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed by the test, or the pipe is gone: the signals below still end the process
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
