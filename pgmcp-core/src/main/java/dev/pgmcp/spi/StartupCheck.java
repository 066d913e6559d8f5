package dev.pgmcp.spi;

/**
 * Implemented by a {@link Tool} (or a {@link Prompt}) that can check, before the server serves,
 * that what it needs exists in the database: its tables and columns, say. A misconfiguration then
 * stops the start with a clear message rather than failing the first call.
 *
 * <p>{@code PgMcp#checkAtStartUp()} calls {@link #checkAtStartUp} once per tool and prompt that
 * implements this interface, with a context on the default database and no arguments; the
 * launcher calls it before serving, and a host application should too.
 */
public interface StartupCheck {

    /**
     * @param context the default database (its {@link ToolContext#queries()} and catalog); {@link ToolContext#arguments()} is empty
     * @throws dev.pgmcp.config.ConfigException when the tool is misconfigured for this database
     *                                          (the message names the setting and what is missing)
     * @throws Exception                        any other failure, e.g. {@code QueryException} when the
     *                                          database cannot be reached
     */
    void checkAtStartUp(ToolContext context) throws Exception;
}
