package dev.pgmcp.bi;

import dev.pgmcp.spi.StartupCheck;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;

/**
 * What the business-intelligence tools share: the pack (its checked mapping), the start-up check,
 * the answer when the mapping does not fit the database, and small value conversions for the
 * structured content and its text.
 */
abstract class BiTool implements Tool, StartupCheck {

    /** First line of every text that carries database values: the SPI's shared {@link ToolResult#UNTRUSTED_NOTICE}. */
    static final String UNTRUSTED_NOTICE = ToolResult.UNTRUSTED_NOTICE;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final BiPack pack;

    BiTool(BiPack pack) {
        this.pack = pack;
    }

    @Override
    public final void checkAtStartUp(ToolContext context) {
        pack.checkAtStartUp(context);
    }

    @Override
    public final ToolResult call(ToolContext context) {
        BiSql sql;
        try {
            sql = pack.sql(context);
        } catch (BiPack.Unavailable e) {
            return ToolResult.error(e.getMessage());
        }
        return run(context, sql);
    }

    /**
     * @param context the call's arguments and database
     * @param sql     the prelude of the checked mapping
     * @return the result
     */
    abstract ToolResult run(ToolContext context, BiSql sql);

    /** @return a {@code numeric} value (read as exact text) as a number, or {@code null} */
    static BigDecimal decimal(Object value) {
        return value == null ? null : value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    /** @return a count (int8) as a long; 0 for {@code null} */
    static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** @return the date part of an ISO time stamp, or {@code -} for {@code null} */
    static String day(Object timestamp) {
        if (timestamp == null) {
            return "-";
        }
        String s = timestamp.toString();
        return s.length() >= 10 ? s.substring(0, 10) : s;
    }

    /** @return compact JSON of a value (quoted and escaped for a string), for the text rendering */
    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** @return {@code n} followed by the singular or plural noun */
    static String plural(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
