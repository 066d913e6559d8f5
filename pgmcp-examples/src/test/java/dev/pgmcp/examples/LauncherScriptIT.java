package dev.pgmcp.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/pgmcp-server}, the script the README and its Claude Desktop snippet tell users to run, on
 * the JVM running the tests against the embedded demo database: its start-up archive (recorded once,
 * then mapped), and the JVM flags users add through {@code PGMCP_JAVA_OPTS}.
 */
class LauncherScriptIT {

    private static final Duration FIRST_START = Duration.ofSeconds(180); // recording runs a whole session first

    @TempDir
    Path cache;

    @Test
    void theFirstStartRecordsTheArchiveAndEveryStartMapsIt() throws Exception {
        Path classes = cache.resolve("classes.log");
        // The class-loading log says where each class came from: "shared objects file" is the archive.
        Map<String, String> env = env("-Xlog:class+load=info:file=" + classes);

        String first = session(env, FIRST_START);
        assertTrue(first.contains("recording the start-up archive"), first);
        List<Path> archives = archives();
        assertEquals(1, archives.size(), archives::toString);
        assertTrue(Files.size(archives.get(0)) > 1_000_000, () -> archives.get(0) + " is nearly empty");

        String second = session(env, Duration.ofSeconds(120));
        assertFalse(second.contains("recording"), second);
        assertEquals(archives, archives());
        assertTrue(Files.readAllLines(classes).stream()
                .anyMatch(l -> l.contains(" dev.pgmcp.PgMcp source: shared objects file")),
                "the server's classes come from the archive");
    }

    @Test
    void otherJvmFlagsGetAnArchiveOfTheirOwnAndTheServerStartsWithOrWithoutOne() throws Exception {
        session(env(""), FIRST_START);
        // The young generation as large as the initial heap: a layout for which a Java 25 JVM records
        // an AOT cache that it then refuses to start with; the script must notice and start without it.
        String log = session(env("-Xmn24m"), FIRST_START);
        assertTrue(log.contains("recording the start-up archive"), log);
        List<Path> archives = archives();
        assertEquals(2, archives.size(), archives::toString);

        String again = session(env("-Xmn24m"), Duration.ofSeconds(120));
        assertFalse(again.contains("recording"), again);
    }

    @Test
    void anHttpServerConfiguredForBearerTokensRecordsAnArchiveOfAWholeHttpSession() throws Exception {
        // The user's settings: the archive's scripted session must not depend on them (it calls
        // without a token, and only execute_query).
        Map<String, String> env = env("");
        env.put("PGMCP_HTTP_AUTH", "bearer");
        env.put("PGMCP_HTTP_BEARER_TOKENS", "ops:ops-token-0123456789abcdef");
        env.put("PGMCP_TOOLS", "list_tables");
        String first = httpServer(env, FIRST_START);
        assertTrue(first.contains("recording the start-up archive"), first);

        Path classes = cache.resolve("http-classes.log");
        env.put("PGMCP_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
        env.put("PGMCP_CDS_DIR", cache.resolve("with-log").toString());
        Files.createDirectories(cache.resolve("with-log"));
        httpServer(env, FIRST_START);
        httpServer(env, Duration.ofSeconds(120));
        List<String> loaded = Files.readAllLines(classes);
        // Recorded from an HTTP session that ran a query: the servlet and a result set came from the archive.
        for (String name : List.of("dev.pgmcp.http.McpServlet", "org.postgresql.jdbc.PgResultSet",
                "dev.pgmcp.internal.tools.ExecuteQueryTool")) {
            assertTrue(loaded.stream().anyMatch(l -> l.contains(" " + name + " source: shared objects file")),
                    name + " is not in the archive");
        }
    }

    /**
     * Starts the HTTP server through the script on the demo database, on a free port, waits until it
     * serves, and stops it.
     *
     * @return its stderr
     */
    private static String httpServer(Map<String, String> env, Duration startUp) throws Exception {
        try (StdioLauncher launcher = StdioLauncher.startScript(env, "--demo", "--transport", "http", "--port", "0")) {
            long deadline = System.nanoTime() + startUp.toNanos();
            while (!launcher.log().contains("serving MCP over HTTP at")) {
                assertTrue(launcher.process().isAlive(), launcher::log);
                assertTrue(System.nanoTime() < deadline, () -> "not serving after " + startUp + ": " + launcher.log());
                Thread.sleep(100);
            }
            launcher.process().destroy(); // SIGTERM: a clean shutdown
            assertTrue(launcher.process().waitFor(60, TimeUnit.SECONDS), launcher::log);
            return launcher.log();
        }
    }

    @Test
    void aCollectorNamedInTheEnvironmentReplacesTheSerialOne() throws Exception {
        Map<String, String> env = env("-XX:+UseParallelGC -Xlog:gc=info:stderr");
        env.put("PGMCP_CDS", "off");
        String log = session(env, Duration.ofSeconds(120));
        assertTrue(log.contains("Using Parallel"), log);
        assertEquals(List.of(), archives());
    }

    private Map<String, String> env(String javaOpts) {
        Map<String, String> env = new HashMap<>();
        env.put("PGMCP_CDS_DIR", cache.toString());
        env.put("PGMCP_JAVA_OPTS", javaOpts);
        return env;
    }

    /**
     * Runs one stdio session through the script (initialize, a query, end of input) and checks that it
     * answered, wrote nothing but protocol messages to stdout and ended by itself.
     *
     * @return the session's stderr
     */
    private static String session(Map<String, String> env, Duration startUp) throws Exception {
        try (StdioLauncher launcher = StdioLauncher.startScript(env, "--demo")) {
            launcher.initialize(startUp);
            launcher.executeQuery(1, "SELECT 41 + 1 AS answer");
            JsonNode answer = launcher.answer(1, Duration.ofSeconds(60));
            assertFalse(StdioLauncher.isError(answer), answer::toString);
            assertTrue(StdioLauncher.text(answer).contains("42"), answer::toString);
            launcher.closeStdin();
            assertTrue(launcher.process().waitFor(60, TimeUnit.SECONDS), "the server ends at the end of its input");
            assertEquals(0, launcher.process().exitValue(), launcher::log);
            assertEquals(List.of(), launcher.stdoutNotJson(), "stdout carries the protocol only");
            return launcher.log();
        }
    }

    /** @return the start-up archives in the cache directory, sorted (an empty one stands for none) */
    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.toString().endsWith(".jsa") || f.toString().endsWith(".aot")).sorted().toList();
        }
    }
}
