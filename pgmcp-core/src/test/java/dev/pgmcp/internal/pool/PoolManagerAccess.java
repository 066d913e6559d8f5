package dev.pgmcp.internal.pool;

/** Test access to {@link PoolManager}'s package-private helpers. */
public final class PoolManagerAccess {

    private PoolManagerAccess() {
    }

    /** @see PoolManager#withoutOptions(String) */
    public static String[] withoutOptions(String jdbcUrl) {
        return PoolManager.withoutOptions(jdbcUrl);
    }
}
