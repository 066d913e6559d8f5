package dev.pgmcp.bi;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.spi.Prompt;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import dev.pgmcp.settings.Settings;

/**
 * The business-intelligence pack: the customer-success tools ({@code get_customer_info},
 * {@code get_open_tickets}, {@code get_at_risk_customers}, {@code get_customer_health_score},
 * {@code get_ticket_trends}) and prompts ({@code customer-briefing}, {@code churn-review}) over one
 * {@link BiMapping}.
 *
 * <p>With the jar on the class path, {@link java.util.ServiceLoader} finds the tools and prompts
 * ({@code META-INF/services}); they share {@link #shared()}, whose mapping comes from the file named
 * by {@code PGMCP_BI_MAPPING}, else the demo schema. A host application with its own mapping turns
 * discovery off (or leaves the jar's services out) and registers {@code BiPack.of(mapping).tools()}
 * and {@link #prompts()} on the engine builder.
 *
 * <p>The mapping is checked once against the default database's catalog, at start-up
 * ({@code PgMcp#checkAtStartUp()}) or else on the first call: both tables and every mapped column
 * must exist, and a probe statement must run (which also proves the role may read them). When it does
 * not fit, a configured mapping stops the start with a {@link ConfigException} naming what is missing
 * and the names that exist; the demo mapping (nobody configured one) only logs a warning, so that the
 * pack on the class path never stops a server of another database, and its tools answer with that
 * message.
 */
public final class BiPack {

    private static final Logger LOG = LoggerFactory.getLogger(BiPack.class);

    private final BiMapping mapping;
    private final ConfigException configError;
    private final boolean configured;
    /** The checked SQL, once the mapping has been found to fit (a misfit is checked again on each call). */
    private volatile BiSql sql;
    private volatile boolean warned;

    private BiPack(BiMapping mapping, ConfigException configError) {
        this.mapping = mapping;
        this.configError = configError;
        this.configured = configError != null || !mapping.isDemo();
    }

    /**
     * @param mapping where the tables and columns are; {@link BiMapping#DEMO} for the demo schema
     * @return a pack whose tools and prompts use that mapping
     */
    public static BiPack of(BiMapping mapping) {
        return new BiPack(java.util.Objects.requireNonNull(mapping, "mapping"), null);
    }

    /**
     * @param settings the settings in force, e.g. {@code Settings.load(System.getenv())}
     * @return a pack with the mapping of the file {@code PGMCP_BI_MAPPING} names, or the demo one
     * @throws ConfigException when the file cannot be read or is invalid
     */
    public static BiPack from(Settings settings) {
        return of(BiMapping.from(settings));
    }

    /**
     * @return the pack the tools and prompts found by ServiceLoader share, made from the settings in
     *         force (the process environment over {@code PGMCP_CONFIG_FILE} and its profile) on first use; a bad mapping file does not fail here (ServiceLoader would hide
     *         the message) but in the start-up check and in every call
     */
    public static BiPack shared() {
        return Shared.PACK;
    }

    /** Holder: the shared pack is made once, on first use. */
    private static final class Shared {
        static final BiPack PACK = make();

        private static BiPack make() {
            try {
                return from(Settings.load(System.getenv()));
            } catch (ConfigException e) {
                return new BiPack(null, e);
            }
        }
    }

    /** @return the five tools, bound to this pack */
    public List<Tool> tools() {
        return List.of(new CustomerInfoTool(this), new OpenTicketsTool(this), new AtRiskCustomersTool(this),
                new HealthScoreTool(this), new TicketTrendsTool(this));
    }

    /** @return the two prompts */
    public List<Prompt> prompts() {
        return List.of(new CustomerBriefingPrompt(this), new ChurnReviewPrompt());
    }

    /** @return the mapping, or {@code null} when the mapping file was invalid */
    public BiMapping mapping() {
        return mapping;
    }

    /**
     * Checks the mapping against the context's database now (see the class description).
     *
     * @throws ConfigException when a configured mapping does not fit (or its file was invalid)
     * @throws QueryException  when the database cannot be reached
     */
    void checkAtStartUp(ToolContext context) {
        if (sql != null) {
            return;
        }
        String problem = check(context);
        if (problem != null && configured) {
            throw configError != null ? configError : new ConfigException(setting(), problem);
        }
    }

    /**
     * @return the SQL of the checked mapping
     * @throws Unavailable when the mapping does not fit the database (its message says why)
     * @throws QueryException when the database cannot be reached
     */
    BiSql sql(ToolContext context) {
        BiSql s = sql;
        if (s != null) {
            return s;
        }
        String problem = check(context);
        if (problem != null) {
            throw new Unavailable(problem);
        }
        return sql;
    }

    /** The tools cannot run on this database; the message says why and what to configure. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** @return {@code null} when the mapping fits (and {@link #sql} is set), else the problem */
    private synchronized String check(ToolContext context) {
        if (sql != null) {
            return null;
        }
        if (configError != null) {
            return "The business-intelligence tools are not configured: " + configError.getMessage();
        }
        MappingCheck.Result result = MappingCheck.check(mapping, context.catalog());
        String problem = null;
        if (!result.problems().isEmpty()) {
            problem = String.join("; ", result.problems());
        } else {
            BiSql candidate = new BiSql(result.resolved());
            try {
                context.queries().queryTrusted(candidate.statement("SELECT 1 FROM c CROSS JOIN t LIMIT 0"),
                        candidate.parameters(), 1);
                sql = candidate;
                LOG.info("business-intelligence tools: mapping ({}) fits database '{}'", mapping.source(), context.database());
                return null;
            } catch (QueryException e) {
                if (e.connectionProblem()) {
                    throw e;
                }
                problem = "the mapped tables cannot be read: " + e.describe().replace('\n', ' ');
            }
        }
        String message = "The business-intelligence tools cannot run on database '" + context.database()
                + "': the mapping (" + mapping.source() + ") does not fit it: " + problem
                + (configured ? "" : ". Set " + BiMapping.SETTING + " to a mapping file naming your tables and columns"
                + " (see docs/business-intelligence.md)");
        if (!configured && !warned) {
            warned = true;
            LOG.warn("{}", message);
        }
        return message;
    }

    private String setting() {
        return mapping.source().startsWith(BiMapping.SETTING) ? BiMapping.SETTING : "BiMapping (" + mapping.source() + ")";
    }
}
