package dev.pgmcp.internal.engine;

import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.internal.tools.Render;
import dev.pgmcp.spi.Queries;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.ToolResult;

import java.util.List;
import java.util.Map;

/** The SPI's {@link Queries} over one database's {@link QueryExecutor}, rendering with {@link Render}. */
record DatabaseQueries(QueryExecutor executor) implements Queries {

    @Override
    public QueryResult query(String sql, List<?> params, int maxRows) {
        return executor.query(sql, params, maxRows);
    }

    @Override
    public QueryResult queryTrusted(String sql, List<?> params, int maxRows) {
        return executor.queryTrusted(sql, params, maxRows);
    }

    @Override
    public int maxRows() {
        return executor.limits().maxRows();
    }

    @Override
    public long maxResultBytes() {
        return executor.limits().maxBytes();
    }

    @Override
    public ToolResult render(QueryResult result, Map<String, Object> extra) {
        return Render.rows(result, extra, executor.limits().maxBytes());
    }

    @Override
    public ToolResult render(QueryResult result, Map<String, Object> extra, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        return Render.rows(result, extra, Math.min(maxBytes, executor.limits().maxBytes()));
    }
}
