package dev.pgmcp.internal.engine;

import dev.pgmcp.config.RoleMapping;
import dev.pgmcp.spi.Principal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which database role a caller's statements run as (per-person roles), from the configured
 * {@link RoleMapping}: the principal's name first, then the first configured value of the mapped
 * claim that the principal's token carries, then the default role; a network caller nothing maps is
 * refused. The local process is mapped only by an entry named {@value Principal#LOCAL_NAME}, and
 * otherwise runs as the login role. Stateless and thread-safe.
 */
public final class CallRoles {

    private final RoleMapping mapping;

    /** @param mapping the configured mapping ({@link RoleMapping#NONE}: every call runs as the login role) */
    public CallRoles(RoleMapping mapping) {
        this.mapping = mapping;
    }

    /** @return the mapping */
    public RoleMapping mapping() {
        return mapping;
    }

    /**
     * @param principal the caller
     * @return the role its statements run as, or {@code null} for the login role (no mapping configured, or
     *         the local process without an entry of its own)
     * @throws UnmappedPrincipalException when a mapping is configured, nothing maps this network caller and
     *                                    there is no default role
     */
    public String roleFor(Principal principal) {
        if (!mapping.enabled()) {
            return null;
        }
        String byName = mapping.byPrincipal().get(principal.name());
        if (byName != null || principal.isLocalProcess()) {
            return byName;
        }
        if (mapping.claim() != null) {
            List<String> values = principal.claim(mapping.claim());
            if (!values.isEmpty()) {
                Set<String> held = new HashSet<>(values);
                for (Map.Entry<String, String> e : mapping.byClaimValue().entrySet()) {
                    if (held.contains(e.getKey())) {
                        return e.getValue();
                    }
                }
            }
        }
        if (mapping.defaultRole() != null) {
            return mapping.defaultRole();
        }
        throw new UnmappedPrincipalException(principal, mapping.claim());
    }
}
