package dev.pgmcp.spi;

import dev.pgmcp.exec.QueryExecutor;
import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.SchemaCache;

import java.util.Optional;

/**
 * What a tool call gets: the caller's arguments, and the database the call is about (the one named
 * by the optional {@code database} argument, else the default).
 *
 * <p>Use {@link #executor()} to run SQL: {@link QueryExecutor#query} for SQL a caller wrote
 * (validated first), {@link QueryExecutor#queryTrusted} for SQL the tool wrote with caller values
 * bound as parameters. Both run READ ONLY, rolled back, with timeouts and caps.
 */
public interface ToolContext {

    /** @return the call's arguments */
    Arguments arguments();

    /** @return the alias of the database this call works on, e.g. {@code main} */
    String database();

    /** @return the executor of that database */
    QueryExecutor executor();

    /**
     * @return the database's catalog, read on first use and cached (see {@link SchemaCache})
     * @throws dev.pgmcp.schema.SchemaUnavailableException when it cannot be read
     */
    default CatalogSnapshot catalog() {
        return schemaCache().snapshot();
    }

    /** @return the database's schema cache (for tools that refresh it) */
    SchemaCache schemaCache();

    /** @return who is calling ({@link Principal#LOCAL} for stdio and in-process calls) */
    default Principal principal() {
        return Principal.LOCAL;
    }

    /**
     * @return the caller's own model (MCP sampling), present only when the client declared the
     *         {@code sampling} capability and the transport can send it requests (not on a stateless one)
     */
    default Optional<Sampler> sampling() {
        return Optional.empty();
    }
}
