package dev.pgmcp.spi;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the authenticated client of an HTTP transport, or the local process for stdio and
 * in-process calls. Rate limits and the audit log are kept per principal. It never carries a token or
 * password, only what is safe to log.
 *
 * @param name       a stable, loggable identity: a JWT subject, the label of a static token, or
 *                   {@link #LOCAL_NAME} for the local process
 * @param authMethod how it was established: {@code process}, {@code none}, {@code bearer} or {@code oauth}
 * @param scopes     OAuth scopes granted to the caller (empty when the method has none)
 */
public record Principal(String name, String authMethod, Set<String> scopes) {

    /** Name of the principal of stdio and in-process calls. */
    public static final String LOCAL_NAME = "local";

    /** The local process (stdio, or a host application calling {@code PgMcp.callTool} directly). */
    public static final Principal LOCAL = new Principal(LOCAL_NAME, "process", Set.of());

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authMethod, "authMethod");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    }
}
