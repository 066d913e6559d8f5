package dev.pgmcp.nlq;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.settings.Settings;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Queries;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.SamplingException;
import dev.pgmcp.spi.SamplingRequest;
import dev.pgmcp.spi.SamplingResult;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.spi.StartupCheck;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolArgumentException;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code query(question, database?, return_type?, limit?)}: answers a plain-English question with SQL that
 * a model writes and pgmcp checks.
 *
 * <ol>
 *   <li>The model is the MCP client's own when it declared the {@code sampling} capability (MCP
 *       {@code sampling/createMessage}: no API key anywhere), else the OpenAI-compatible endpoint of
 *       {@code PGMCP_LLM_BASE_URL}/{@code PGMCP_LLM_API_KEY}; with neither the call fails saying how to
 *       enable one.</li>
 *   <li>The prompt carries the tables most relevant to the question within {@code PGMCP_LLM_SCHEMA_TOKENS}
 *       ({@link SchemaContext}), read from the schema cache; the result lists them.</li>
 *   <li>The SQL goes through the same validator, policy and READ ONLY executor as {@code execute_query}
 *       ({@code return_type=sql}: validated and planned with {@code EXPLAIN}, not run). When it is rejected or
 *       fails, the reason goes back to the model, at most {@code PGMCP_LLM_MAX_SQL_RETRY} times.</li>
 *   <li>The result always shows the SQL, and every attempt that failed with its reason.</li>
 * </ol>
 * Generation requests are rate limited per process ({@link GenerationLimiter}). Thread-safe.
 *
 * <p>With the {@code pgmcp-tools-nlq} jar on the class path, {@link java.util.ServiceLoader} finds the
 * tool ({@code META-INF/services/dev.pgmcp.spi.Tool}) and makes it with {@link #NaturalLanguageQueryTool()},
 * whose settings are read once per process from the settings in force. A host application with its
 * own settings turns discovery off (or leaves the jar's services out) and adds
 * {@code new NaturalLanguageQueryTool(settings)} with {@code PgMcp.Builder#addTool}.
 */
public final class NaturalLanguageQueryTool implements Tool, StartupCheck {

    private static final Logger LOG = LoggerFactory.getLogger(NaturalLanguageQueryTool.class);

    /** The longest question accepted, in characters. */
    public static final int MAX_QUESTION_CHARS = 2000;

    /** The most tokens a model may spend on one answer (the SQL). */
    static final int MAX_ANSWER_TOKENS = 1024;

    /** The error text when there is no way to generate SQL. */
    public static final String NO_GENERATOR = "No model to write SQL with. Either connect with an MCP client that "
            + "supports sampling (it then uses its own model; no API key needed), or configure an OpenAI-compatible "
            + "endpoint: " + "PGMCP_LLM_API_KEY" + " (OpenAI) and/or " + "PGMCP_LLM_BASE_URL"
            + " (any compatible server, e.g. http://127.0.0.1:11434/v1), with " + "PGMCP_LLM_MODEL"
            + ". Meanwhile, execute_query runs SQL you write.";

    private final LlmSettings settings;
    /** Why the settings could not be read (then {@link #settings} is {@code null}), else {@code null}. */
    private final ConfigException configError;
    private final OpenAiCompatibleClient endpoint;
    private final GenerationLimiter limiter;

    /**
     * The tool as {@link java.util.ServiceLoader} makes it: with the {@code PGMCP_LLM_*} settings in force
     * (the process environment over {@code PGMCP_CONFIG_FILE} and its profile), read once per process on
     * first use. Invalid settings do not fail here (ServiceLoader would hide the message): the start-up
     * check ({@link #checkAtStartUp}) throws their {@link ConfigException}, and every call answers with
     * an error naming the setting.
     */
    public NaturalLanguageQueryTool() {
        this(Shared.SETTINGS, Shared.ERROR);
    }

    /**
     * @param settings the {@code PGMCP_LLM_*} settings, e.g. {@code LlmSettings.from(Settings.load(env))}
     *                 or {@link LlmSettings#builder()}
     * @throws NullPointerException when {@code settings} is {@code null}
     */
    public NaturalLanguageQueryTool(LlmSettings settings) {
        this(Objects.requireNonNull(settings, "settings"), null);
    }

    NaturalLanguageQueryTool(LlmSettings settings, ConfigException configError) {
        this.settings = settings;
        this.configError = configError;
        this.endpoint = settings != null && settings.endpointConfigured() ? new OpenAiCompatibleClient(settings) : null;
        this.limiter = settings != null ? GenerationLimiter.of(settings) : null;
    }

    /** Holder: the settings of the discovered tool, read once on first use. */
    private static final class Shared {
        static final LlmSettings SETTINGS;
        static final ConfigException ERROR;

        static {
            LlmSettings settings = null;
            ConfigException error = null;
            try {
                settings = LlmSettings.from(Settings.load(System.getenv()));
            } catch (ConfigException e) {
                error = e;
            }
            SETTINGS = settings;
            ERROR = error;
        }

        private Shared() {
        }
    }

    /**
     * Throws the settings' error when they could not be read; checks nothing in the database.
     *
     * @param context unused
     * @throws ConfigException naming the invalid {@code PGMCP_LLM_*} setting
     */
    @Override
    public void checkAtStartUp(ToolContext context) {
        if (configError != null) {
            throw configError;
        }
    }

    @Override
    public String name() {
        return "query";
    }

    @Override
    public String description() {
        return "Answer a plain-English question: a model writes one read-only SQL query, pgmcp validates and runs it "
                + "(failures go back to the model) and returns the SQL and capped rows (untrusted data). return_type: "
                + "result (default), sql (not run) or both.";
    }

    /**
     * Read-only, but not closed-world and not idempotent: the SQL is written by a model (the caller's,
     * through sampling, or a configured external endpoint), and may differ from one call to the next.
     */
    @Override
    public dev.pgmcp.spi.ToolAnnotations annotations() {
        return new dev.pgmcp.spi.ToolAnnotations("Ask a question", true, false, false, true);
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object() // the engine adds the database argument to every tool
                .required("question", JsonSchemas.type("string"))
                .optional("return_type", JsonSchemas.enumeration(null, "result", "sql", "both"))
                .optional("limit", JsonSchemas.type("integer"))
                .build();
    }

    /** The result: what the model was given and wrote, then the rows as execute_query has them (not for sql). */
    @Override
    public Map<String, Object> outputSchema() {
        Map<String, Object> text = JsonSchemas.type("string");
        return JsonSchemas.open()
                .property("question", text)
                .property("sql", text)
                .property("source", JsonSchemas.enumeration(null, "sampling", "endpoint"))
                .property("model", text)
                .property("tables_offered", JsonSchemas.arrayOf(text))
                .property("tables_total", JsonSchemas.type("integer"))
                .property("attempts", JsonSchemas.arrayOf(JsonSchemas.type("object"))) // each {sql, error}
                .rowResult() // not for return_type sql
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        if (configError != null) {
            return ToolResult.error("The query tool is not configured: " + configError.getMessage());
        }
        String question = context.arguments().requireString("question").strip();
        if (question.isEmpty() || question.length() > MAX_QUESTION_CHARS) {
            throw new ToolArgumentException("question: must be 1.." + MAX_QUESTION_CHARS + " characters");
        }
        String returnType = context.arguments().string("return_type").orElse("result").toLowerCase(Locale.ROOT);
        if (!List.of("result", "sql", "both").contains(returnType)) {
            throw new ToolArgumentException("return_type: must be result, sql or both, got " + returnType);
        }
        int cap = context.queries().maxRows();
        int limit = context.arguments().integer("limit", cap, 1, 1_000_000);
        SqlGenerator generator = context.sampling().map(SqlGenerator::sampling).orElse(endpoint);
        if (generator == null) {
            return ToolResult.error(NO_GENERATOR);
        }

        CatalogSnapshot catalog = context.catalog();
        SchemaContext.Selection selection = SchemaContext.select(catalog, question, settings.schemaTokens());
        String system = Prompts.system(catalog, selection, Math.min(limit, cap));
        List<SamplingRequest.Message> conversation = new ArrayList<>();
        conversation.add(SamplingRequest.Message.user(Prompts.question(question)));
        List<Map<String, Object>> attempts = new ArrayList<>();
        String model = null;
        for (int attempt = 0; attempt <= settings.maxSqlRetry(); attempt++) {
            SamplingResult answer;
            try {
                answer = generate(generator, new SamplingRequest(system, conversation, MAX_ANSWER_TOKENS));
            } catch (GenerationException | SamplingException e) {
                LOG.info("query: SQL generation ({}) failed: {}", generator.source(), e.getMessage());
                return ToolResult.error("SQL generation failed (" + generator.source() + "): " + e.getMessage()
                        + failedAttempts(attempts));
            }
            model = answer.model() != null ? answer.model() : model;
            String sql = Prompts.extractSql(answer.text());
            try {
                QueryResult result = returnType.equals("sql")
                        ? context.queries().query("EXPLAIN " + sql, List.of(), Integer.MAX_VALUE)
                        : context.queries().query(sql, List.of(), limit);
                return render(question, returnType, sql, generator.source(), model, selection, attempts,
                        returnType.equals("sql") ? null : result, context.queries());
            } catch (SqlRejectedException e) {
                retry(conversation, attempts, answer.text(), sql, "rejected by pgmcp's validator: " + e.getMessage());
            } catch (QueryException e) {
                if (context.cancelled() || e.connectionProblem()) {
                    throw e; // not the model's fault: the engine reports it as for any tool
                }
                retry(conversation, attempts, answer.text(), sql, "PostgreSQL failed it: " + e.describe());
            }
        }
        return ToolResult.error("Could not answer: the model's SQL was rejected or failed " + attempts.size()
                + " time" + (attempts.size() == 1 ? "" : "s") + " (" + "PGMCP_LLM_MAX_SQL_RETRY" + " = "
                + settings.maxSqlRetry() + "). Rephrase the question, or write the SQL with execute_query."
                + failedAttempts(attempts) + "\nTables offered: " + String.join(", ", selection.offered()));
    }

    private SamplingResult generate(SqlGenerator generator, SamplingRequest request) {
        int estimate = SchemaContext.tokens(request.systemPrompt()) + request.maxTokens()
                + request.messages().stream().mapToInt(m -> SchemaContext.tokens(m.text())).sum();
        limiter.acquire(estimate);
        if (generator == endpoint) {
            OpenAiCompatibleClient.Completion c = endpoint.complete(request);
            limiter.charge(c.totalTokens() - estimate);
            return c.result();
        }
        return generator.generate(request);
    }

    private static void retry(List<SamplingRequest.Message> conversation, List<Map<String, Object>> attempts,
                              String answer, String sql, String problem) {
        LOG.info("query: generated SQL not run ({}); {}", problem.replace('\n', ' '), "asking for a correction");
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("sql", sql);
        a.put("error", problem);
        attempts.add(a);
        conversation.add(SamplingRequest.Message.assistant(answer));
        conversation.add(SamplingRequest.Message.user(Prompts.correction(problem)));
    }

    private static String failedAttempts(List<Map<String, Object>> attempts) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < attempts.size(); i++) {
            s.append("\nAttempt ").append(i + 1).append(": ").append(attempts.get(i).get("sql"))
                    .append("\n  -> ").append(attempts.get(i).get("error"));
        }
        return s.toString();
    }

    private static ToolResult render(String question, String returnType, String sql, String source, String model,
                                     SchemaContext.Selection selection, List<Map<String, Object>> attempts,
                                     QueryResult rows, Queries queries) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("question", question);
        head.put("sql", sql);
        head.put("source", source);
        if (model != null) {
            head.put("model", model);
        }
        head.put("tables_offered", selection.offered());
        head.put("tables_total", selection.total());
        head.put("attempts", attempts);
        StringBuilder text = new StringBuilder();
        text.append("SQL (written by ").append(source.equals("sampling") ? "your model via MCP sampling" : "the configured endpoint")
                .append(attempts.isEmpty() ? "" : ", after " + attempts.size() + " rejected attempt"
                        + (attempts.size() == 1 ? "" : "s"))
                .append(rows == null ? "; validated and planned, not run" : "").append("):\n").append(sql).append('\n');
        text.append("Tables offered to the model: ").append(String.join(", ", selection.offered()));
        if (rows == null) {
            return ToolResult.of(head, text.toString());
        }
        // The SQL and table list go out with the rows: the rows get what is left of the byte cap.
        ToolResult r = queries.render(rows, head, Math.max(0, queries.maxResultBytes() - 2L * text.length()));
        String body = returnType.equals("both") ? text + "\n" + r.text() : r.text() + "\n" + text;
        return ToolResult.of(r.structuredContent(), body);
    }
}
