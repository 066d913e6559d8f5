package dev.pgmcp.nlq;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible chat-completions endpoint on loopback for tests: answers {@code POST /v1/chat/completions}
 * from a script of responses (status, headers, body, delay), repeating the last one, and records each request.
 */
final class StubLlmServer implements AutoCloseable {

    /** One scripted answer. */
    record Reply(int status, Map<String, String> headers, String body, long delayMillis) {
        static Reply completion(String content) {
            return new Reply(200, Map.of(), "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"stub-model\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                    + json(content) + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":900,"
                    + "\"completion_tokens\":20,\"total_tokens\":920}}", 0);
        }

        static Reply status(int status, String body) {
            return new Reply(status, Map.of(), body, 0);
        }
    }

    /** One request as received. */
    record Received(String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    StubLlmServer(Reply... replies) throws IOException {
        script.addAll(List.of(replies));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-llm");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/chat/completions", exchange -> {
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Reply reply = script.size() > 1 ? script.poll() : script.peek();
            try {
                if (reply.delayMillis() > 0) {
                    Thread.sleep(reply.delayMillis());
                }
                byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(reply.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException | IOException e) {
                // the client gave up (timeout): nothing to answer
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** @return the base URL to configure, {@code http://127.0.0.1:PORT/v1} */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
