package dev.pgmcp.nlq;

import dev.pgmcp.spi.SamplingRequest;
import dev.pgmcp.spi.SamplingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A client of an OpenAI-compatible chat-completions API ({@code POST BASE/chat/completions}, as OpenAI,
 * Azure OpenAI's v1 API, Mistral, Ollama, vLLM and LiteLLM serve it), with plain {@code java.net.http}
 * and Jackson: the request carries {@code model}, the system prompt and the conversation as
 * {@code messages}, {@code max_tokens} and {@code temperature: 0}; the answer is
 * {@code choices[0].message.content}, with {@code model} and {@code usage.total_tokens} when present.
 *
 * <p>Retries ({@code PGMCP_LLM_MAX_RETRIES}) follow HTTP 429 and 5xx answers and timeouts, after the
 * {@code Retry-After} seconds when given (at most the request timeout) or an exponential backoff from
 * 500 ms. Other 4xx answers and malformed bodies fail at once.
 *
 * <p>The API key goes in the {@code Authorization} header only; it is never logged, and error messages
 * are stripped of it (and of anything that looks like a key) before they reach a log or a client.
 * Thread-safe: one client serves concurrent calls.
 */
final class OpenAiCompatibleClient implements SqlGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleClient.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Key-like strings (OpenAI's {@code sk-...}, also masked as {@code sk-ab***yz}) an error body might echo. */
    private static final Pattern KEY_LIKE = Pattern.compile("(?<![A-Za-z0-9])sk-[A-Za-z0-9*._-]{4,}");
    private static final int MAX_ERROR_CHARS = 300;

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final int maxRetries;
    private final HttpClient http;

    /**
     * @param settings the endpoint settings; {@link LlmSettings#endpointConfigured()} must hold
     * @throws IllegalArgumentException when no endpoint is configured
     */
    OpenAiCompatibleClient(LlmSettings settings) {
        URI base = settings.baseUrl().orElseThrow(() -> new IllegalArgumentException("no LLM endpoint configured"));
        this.endpoint = URI.create(base + "/chat/completions");
        this.model = settings.model();
        this.apiKey = settings.apiKey().orElse(null);
        this.timeout = settings.timeout();
        this.maxRetries = settings.maxRetries();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // A redirect would be followed without thought about where the key goes: refuse them.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String source() {
        return "endpoint";
    }

    /** @return {@code BASE/chat/completions} */
    URI endpoint() {
        return endpoint;
    }

    @Override
    public SamplingResult generate(SamplingRequest request) {
        return complete(request).result();
    }

    /**
     * @return the answer and the tokens the endpoint says it used (0 when not reported)
     * @throws GenerationException when no usable answer came after the retries
     */
    Completion complete(SamplingRequest request) {
        byte[] body = JSON.writeValueAsBytes(body(request));
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest httpRequest = b.build();
        String lastProblem = null;
        for (int attempt = 0; ; attempt++) {
            long waitMillis;
            try {
                HttpResponse<String> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                LOG.debug("LLM endpoint {} answered HTTP {} (attempt {})", endpoint, status, attempt + 1);
                if (status / 100 == 2) {
                    return parse(response.body());
                }
                lastProblem = "HTTP " + status + errorDetail(response.body());
                if (status != 429 && status / 100 != 5) {
                    throw new GenerationException("The LLM endpoint refused the request: " + lastProblem
                            + (status == 401 || status == 403 ? " (check PGMCP_LLM_API_KEY)" : ""));
                }
                waitMillis = retryAfter(response, attempt);
            } catch (HttpTimeoutException e) {
                lastProblem = "no answer within " + timeout.toMillis() + " ms";
                waitMillis = backoff(attempt);
            } catch (IOException e) {
                lastProblem = "could not reach it (" + e.getClass().getSimpleName() + ")";
                waitMillis = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationException("Interrupted while waiting for the LLM endpoint");
            }
            if (attempt >= maxRetries) {
                throw new GenerationException("The LLM endpoint failed after " + (attempt + 1) + " attempt"
                        + (attempt == 0 ? "" : "s") + ": " + lastProblem);
            }
            LOG.info("LLM endpoint {}: {}; retrying in {} ms", endpoint, lastProblem, waitMillis);
            sleep(waitMillis);
        }
    }

    /**
     * The answer of one successful request.
     *
     * @param result      the text and model
     * @param totalTokens {@code usage.total_tokens}, or 0 when the endpoint does not report it
     */
    record Completion(SamplingResult result, long totalTokens) {
    }

    private ObjectNode body(SamplingRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", request.systemPrompt());
        for (SamplingRequest.Message m : request.messages()) {
            messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.text());
        }
        root.put("max_tokens", request.maxTokens());
        root.put("temperature", 0);
        return root;
    }

    private static Completion parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new GenerationException("The LLM endpoint's answer is not JSON; is PGMCP_LLM_BASE_URL an "
                    + "OpenAI-compatible API (it should end in /v1)?");
        }
        JsonNode content = root == null ? null : root.path("choices").path(0).path("message").path("content");
        if (content == null || !content.isString()) {
            throw new GenerationException("The LLM endpoint's answer is not a chat completion "
                    + "(no choices[0].message.content text)");
        }
        String model = root.path("model").isString() ? root.path("model").asString() : null;
        long tokens = root.path("usage").path("total_tokens").isIntegralNumber()
                ? root.path("usage").path("total_tokens").asLong() : 0;
        return new Completion(new SamplingResult(content.asString(), model), tokens);
    }

    /** @return {@code : <error.message>} from an OpenAI-style error body, cleaned of keys, or nothing */
    private String errorDetail(String body) {
        String message = null;
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode m = root == null ? null : root.path("error").path("message");
            if (m != null && m.isString()) {
                message = m.asString();
            }
        } catch (JacksonException e) {
            // not JSON: say nothing about the body
        }
        if (message == null || message.isBlank()) {
            return "";
        }
        String clean = redact(message.replaceAll("\\s+", " ").strip());
        return ": " + (clean.length() <= MAX_ERROR_CHARS ? clean : clean.substring(0, MAX_ERROR_CHARS) + "...");
    }

    /** @return {@code text} without the API key or anything that looks like a key */
    String redact(String text) {
        String t = apiKey == null ? text : text.replace(apiKey, "[redacted]");
        return KEY_LIKE.matcher(t).replaceAll("[redacted]");
    }

    private long retryAfter(HttpResponse<?> response, int attempt) {
        String header = response.headers().firstValue("Retry-After").orElse(null);
        if (header != null) {
            try {
                long seconds = Long.parseLong(header.trim());
                return Math.min(Math.max(0, seconds) * 1000, timeout.toMillis());
            } catch (NumberFormatException e) {
                // an HTTP date: fall back to the backoff
            }
        }
        return backoff(attempt);
    }

    private long backoff(int attempt) {
        return Math.min(500L << Math.min(attempt, 10), timeout.toMillis());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException("Interrupted while waiting to retry the LLM endpoint");
        }
    }
}
