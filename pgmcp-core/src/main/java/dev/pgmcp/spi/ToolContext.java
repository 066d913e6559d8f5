package dev.pgmcp.spi;

import dev.pgmcp.schema.CatalogSnapshot;

import java.util.Optional;

/**
 * What a tool call gets: the caller's arguments, the database the call is about (the one named by the
 * optional {@code database} argument, else the default), its SQL runner and its catalog.
 *
 * <p>Run SQL through {@link #queries()}: {@link Queries#query} for SQL a caller wrote (validated
 * first), {@link Queries#queryTrusted} for SQL the tool wrote with caller values bound as parameters,
 * {@link Queries#render} to answer with rows. Both run READ ONLY, rolled back, with timeouts and caps.
 */
public interface ToolContext {

    /** @return the call's arguments */
    Arguments arguments();

    /** @return the alias of the database this call works on, e.g. {@code main} */
    String database();

    /** @return runs SQL on that database and renders rows */
    Queries queries();

    /**
     * @return the database's catalog (schemas, relations, columns, constraints, indexes, functions; read
     *         from {@code pg_catalog} on first use and cached for {@code PGMCP_SCHEMA_CACHE_TTL})
     * @throws dev.pgmcp.schema.SchemaUnavailableException when it cannot be read
     */
    CatalogSnapshot catalog();

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

    /**
     * Whether this call should stop: the client cancelled it, the server is shutting down, or it ran
     * past the request timeout. The engine already stops a running statement then (it fails with
     * SQLSTATE {@code 57014}) and refuses the next one; a tool that loops (retries, several steps)
     * checks this to tell such a failure from one of its own statement and stops instead of going on.
     *
     * @return {@code true} once the call is cancelled or timed out; {@code false} outside a tool call
     */
    default boolean cancelled() {
        return false;
    }
}
