package dev.pgmcp.schema;

/**
 * A table name names no relation a caller may see: none exists, the relation policy hides it, or
 * several differ from it only in case. Thrown where a name is looked up outside a tool's arguments
 * (the {@code schema://{database}/{table}} resource); the message names the relation looked for and
 * lists close candidates, e.g. {@code "no table or view public.orders_x is visible; did you mean: public.orders"}.
 */
public final class UnknownRelationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was looked for and what exists that is close to it */
    public UnknownRelationException(String message) {
        super(message);
    }
}
