package dev.pgmcp.internal.tools.insight;

import dev.pgmcp.internal.tools.EngineAccess;
import dev.pgmcp.spi.Column;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.spi.ToolContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the insight tools share: running their own catalog SQL, and saying why a figure is not visible. */
final class Insight {

    /** SQLSTATE insufficient_privilege. */
    static final String PERMISSION_DENIED = "42501";

    /** Predicate on {@code n.nspname} that leaves out {@code pg_catalog}, {@code pg_toast}, {@code information_schema}. */
    static final String USER_SCHEMA = "n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'";

    private Insight() {
    }

    /**
     * Refuses a tool that reports on every relation of the database (names of tables and indexes,
     * other sessions' statements) while schema or table lists are configured: its catalog views name
     * the denied relations as well.
     *
     * @throws SqlRejectedException DENIED_RELATION when lists are configured
     */
    static void requireNoRelationLists(ToolContext context, String tool) {
        if (EngineAccess.of(context).executor().restrictsReads()) {
            throw new SqlRejectedException(SqlRejectedException.Reason.DENIED_RELATION, tool + " is not available "
                    + "while schema or table lists are configured (PGMCP_ALLOWED_SCHEMAS, PGMCP_DENIED_TABLES…): it "
                    + "reports on every relation and session of the database, the denied ones included.");
        }
    }

    /**
     * Runs a statement the tool wrote ({@code queryTrusted}: read-only, rolled back, timed out, capped).
     *
     * @return the rows as maps from column name to value, in column order
     */
    static List<Map<String, Object>> rows(ToolContext context, String sql, List<?> params) {
        QueryResult r = context.queries().queryTrusted(sql, params, Integer.MAX_VALUE);
        List<Map<String, Object>> out = new ArrayList<>(r.rows().size());
        for (List<Object> row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.columns().size(); i++) {
                Column c = r.columns().get(i);
                m.put(c.name(), row.get(i));
            }
            out.add(m);
        }
        return out;
    }

    /** @return the first row, or an empty map when there is none */
    static Map<String, Object> row(ToolContext context, String sql, List<?> params) {
        List<Map<String, Object>> rows = rows(context, sql, params);
        return rows.isEmpty() ? new LinkedHashMap<>() : rows.get(0);
    }

    /**
     * Why a catalog read failed, for a caller to act on: a missing privilege names the predefined
     * role that grants it; anything else is PostgreSQL's or the policy's own message.
     */
    static String why(RuntimeException e) {
        if (e instanceof QueryException q) {
            String msg = q.getMessage();
            if (PERMISSION_DENIED.equals(q.sqlState())) {
                return msg + " (grant pg_monitor, or pg_read_all_stats, to the role pgmcp connects as)";
            }
            return msg + (q.sqlState() == null ? "" : " (SQLSTATE " + q.sqlState() + ")");
        }
        if (e instanceof SqlRejectedException r) {
            return r.getMessage();
        }
        throw e;
    }

    /** @return the value as a long, {@code 0} for null; numbers and numeric strings accepted */
    static long asLong(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        return new java.math.BigDecimal(v.toString()).longValue();
    }

    /** @return the value as a double, {@code null} for null */
    static Double asDouble(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return Double.valueOf(v.toString());
    }
}
