package dev.pgmcp.internal.engine;

import dev.pgmcp.spi.Principal;

/**
 * Per-person roles are configured, no entry maps the caller and no default role is set: the call is
 * refused before anything runs. The message names the caller and the settings, never a token.
 */
public final class UnmappedPrincipalException extends RuntimeException {

    /**
     * @param principal the caller
     * @param claim     the mapped claim ({@code PGMCP_ROLE_CLAIM}), or {@code null}
     */
    public UnmappedPrincipalException(Principal principal, String claim) {
        super("no database role is mapped to '" + principal.name() + "' (" + principal.authMethod()
                + (claim == null ? "" : principal.claim(claim).isEmpty() ? "; its token has no " + claim + " claim"
                : "; none of its " + claim + " values is mapped")
                + "), so pgmcp runs nothing for it. An administrator can map it with PGMCP_ROLE_MAP"
                + (claim == null ? "" : " or PGMCP_ROLE_CLAIM_MAP") + ", or set PGMCP_ROLE_DEFAULT.");
    }
}
