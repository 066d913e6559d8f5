package dev.pgmcp.config;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per-person database roles: which PostgreSQL role each caller's statements run as
 * ({@code SET ROLE}, for its transaction only), so that the database's own GRANTs and row-level
 * security decide what that person sees. Immutable; {@link #NONE} (the default) maps nobody and every
 * call runs as the role pgmcp logs in as.
 *
 * <p>A caller is matched, first match wins:
 * <ol>
 *   <li>by its principal's name ({@code PGMCP_ROLE_MAP}: a static token's label, a JWT's {@code sub});</li>
 *   <li>by a value of one claim of its token ({@code PGMCP_ROLE_CLAIM}, e.g. {@code groups}, {@code roles},
 *       {@code oid}), against {@code PGMCP_ROLE_CLAIM_MAP} <em>in the order configured</em>: the first
 *       configured value the token carries decides, whatever the order of the token's values;</li>
 *   <li>else the default role ({@code PGMCP_ROLE_DEFAULT}), or, when none is set, the call is refused
 *       and nothing runs.</li>
 * </ol>
 * The local process (stdio, in-process calls, start-up checks) is matched only by an entry named
 * {@code local} in the principal map; without one it runs as the login role, neither defaulted nor
 * refused.
 *
 * <p>Role names are PostgreSQL's, as stored (case-sensitive, not folded or quoted); {@code none} is
 * refused ({@code SET ROLE none} would mean the login role).
 */
public final class RoleMapping {

    /** No mapping: every call runs as the login role. */
    public static final RoleMapping NONE = new RoleMapping(Map.of(), null, Map.of(), null);

    private static final String PRINCIPALS = "PGMCP_ROLE_MAP";
    private static final String CLAIM = "PGMCP_ROLE_CLAIM";
    private static final String CLAIM_VALUES = "PGMCP_ROLE_CLAIM_MAP";
    private static final String DEFAULT = "PGMCP_ROLE_DEFAULT";

    private final Map<String, String> byPrincipal;
    private final String claim;
    private final Map<String, String> byClaimValue;
    private final String defaultRole;

    private RoleMapping(Map<String, String> byPrincipal, String claim, Map<String, String> byClaimValue,
                        String defaultRole) {
        this.byPrincipal = Collections.unmodifiableMap(new LinkedHashMap<>(byPrincipal));
        this.claim = claim;
        this.byClaimValue = Collections.unmodifiableMap(new LinkedHashMap<>(byClaimValue));
        this.defaultRole = defaultRole;
    }

    /** @return a builder of an empty mapping */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether any caller is mapped (or defaulted): then calls run as mapped roles */
    public boolean enabled() {
        return !byPrincipal.isEmpty() || !byClaimValue.isEmpty() || defaultRole != null;
    }

    /** @return role by principal name, in the order configured */
    public Map<String, String> byPrincipal() {
        return byPrincipal;
    }

    /** @return the claim whose values {@link #byClaimValue()} maps, or {@code null} */
    public String claim() {
        return claim;
    }

    /** @return role by claim value, in the order configured (the order decides when several match) */
    public Map<String, String> byClaimValue() {
        return byClaimValue;
    }

    /** @return the role of a caller nothing else maps, or {@code null}: such a caller is refused */
    public String defaultRole() {
        return defaultRole;
    }

    /** @return every role the mapping names, each once, in the order configured (principals, claim values, default) */
    public Set<String> roles() {
        Set<String> roles = new LinkedHashSet<>(byPrincipal.values());
        roles.addAll(byClaimValue.values());
        if (defaultRole != null) {
            roles.add(defaultRole);
        }
        return Collections.unmodifiableSet(roles);
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "RoleMapping[none]";
        }
        return "RoleMapping[byPrincipal=" + byPrincipal + (claim == null ? "" : ", claim=" + claim + " " + byClaimValue)
                + ", default=" + (defaultRole == null ? "(refuse)" : defaultRole) + "]";
    }

    /** Collects the mapping; {@link #build()} validates it. */
    public static final class Builder {
        private final Map<String, String> byPrincipal = new LinkedHashMap<>();
        private String claim;
        private final Map<String, String> byClaimValue = new LinkedHashMap<>();
        private String defaultRole;

        private Builder() {
        }

        /**
         * @param name the principal's name (a static token's label, a JWT's {@code sub}; {@code local} for the
         *             local process)
         * @param role the role its calls run as
         */
        public Builder principal(String name, String role) {
            byPrincipal.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(role, "role"));
            return this;
        }

        /** @param claim the token claim whose values {@link #claimValue} maps, e.g. {@code groups} */
        public Builder claim(String claim) {
            this.claim = claim;
            return this;
        }

        /**
         * Adds a claim value after those added before: when a token carries several mapped values, the
         * one added first wins.
         *
         * @param value a value of the claim, e.g. an Entra group's object id
         * @param role  the role its calls run as
         */
        public Builder claimValue(String value, String role) {
            byClaimValue.put(Objects.requireNonNull(value, "value"), Objects.requireNonNull(role, "role"));
            return this;
        }

        /** @param role the role of callers nothing else maps; {@code null} (the default) refuses them */
        public Builder defaultRole(String role) {
            this.defaultRole = role;
            return this;
        }

        /**
         * @return the sealed mapping
         * @throws ConfigException naming the setting of the first invalid entry
         */
        public RoleMapping build() {
            byPrincipal.forEach((name, role) -> {
                if (name.isBlank()) {
                    throw new ConfigException(PRINCIPALS, "an entry has no principal name (expected name=role)");
                }
                checkRole(PRINCIPALS, role);
            });
            String c = claim == null || claim.isBlank() ? null : claim.trim();
            if (c == null && !byClaimValue.isEmpty()) {
                throw new ConfigException(CLAIM, "is required with " + CLAIM_VALUES + ": name the token claim whose "
                        + "values it maps, e.g. groups, roles or oid");
            }
            if (c != null && byClaimValue.isEmpty()) {
                throw new ConfigException(CLAIM_VALUES, "is empty, but " + CLAIM + " is set to '" + c
                        + "'; map its values to roles (value=role,...)");
            }
            byClaimValue.forEach((value, role) -> {
                if (value.isBlank()) {
                    throw new ConfigException(CLAIM_VALUES, "an entry has no claim value (expected value=role)");
                }
                checkRole(CLAIM_VALUES, role);
            });
            if (defaultRole != null) {
                checkRole(DEFAULT, defaultRole);
            }
            return new RoleMapping(byPrincipal, c, byClaimValue, defaultRole);
        }

        private static void checkRole(String setting, String role) {
            if (role.isEmpty() || !role.equals(role.strip())) {
                throw new ConfigException(setting, "'" + role + "' is not a role name (empty, or blank at an end)");
            }
            if (role.toLowerCase(Locale.ROOT).equals("none")) {
                throw new ConfigException(setting, "'" + role + "' cannot be mapped: SET ROLE none means the login role");
            }
            if (role.getBytes(StandardCharsets.UTF_8).length > 63 || role.indexOf('\0') >= 0
                    || role.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException(setting, "'" + role + "' is not a PostgreSQL role name (at most 63 bytes, "
                        + "no control characters)");
            }
        }
    }
}
