package dev.pgmcp.internal.pool;

import java.util.Collection;

/** A tool call named a database alias that is not configured; the message lists the ones that are. */
public final class UnknownDatabaseException extends RuntimeException {

    /**
     * @param name       the alias asked for
     * @param configured the configured aliases
     */
    public UnknownDatabaseException(String name, Collection<String> configured) {
        super("unknown database '" + name + "'; configured: " + String.join(", ", configured));
    }
}
