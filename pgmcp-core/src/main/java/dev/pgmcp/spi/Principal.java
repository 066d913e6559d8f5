package dev.pgmcp.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the authenticated client of an HTTP transport, or the local process for stdio and
 * in-process calls. Rate limits and the audit log are kept per principal, and per-person database
 * roles are mapped from it (its name, or a value of one of its claims). It never carries a token or
 * password, only what is safe to log.
 *
 * @param name       a stable, loggable identity: a JWT subject, the label of a static token, or
 *                   {@link #LOCAL_NAME} for the local process
 * @param authMethod how it was established: {@code process}, {@code none}, {@code bearer} or {@code oauth}
 * @param scopes     OAuth scopes granted to the caller (empty when the method has none)
 * @param claims     the token's claims whose values are strings, numbers, booleans or arrays of those
 *                   (e.g. {@code groups}, {@code roles}, {@code oid}), each as a list of strings in the
 *                   token's order; empty for methods without claims (static tokens, the local process)
 */
public record Principal(String name, String authMethod, Set<String> scopes, Map<String, List<String>> claims) {

    /** Name of the principal of stdio and in-process calls. */
    public static final String LOCAL_NAME = "local";

    /** How the local process is authenticated: it is not, it is the process itself. */
    public static final String PROCESS = "process";

    /** The local process (stdio, or a host application calling {@code PgMcp.callTool} directly). */
    public static final Principal LOCAL = new Principal(LOCAL_NAME, PROCESS, Set.of());

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authMethod, "authMethod");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(claims, "claims").forEach((k, v) -> copy.put(Objects.requireNonNull(k, "claim name"),
                List.copyOf(Objects.requireNonNull(v, "claim values"))));
        claims = java.util.Collections.unmodifiableMap(copy);
    }

    /** A principal without claims. */
    public Principal(String name, String authMethod, Set<String> scopes) {
        this(name, authMethod, scopes, Map.of());
    }

    /**
     * @param claim a claim name, e.g. {@code groups}
     * @return its values, in the token's order; empty when the principal has no such claim
     */
    public List<String> claim(String claim) {
        return claims.getOrDefault(claim, List.of());
    }

    /** @return whether this is the local process ({@link #authMethod()} {@value #PROCESS}), not a network caller */
    public boolean isLocalProcess() {
        return PROCESS.equals(authMethod);
    }
}
