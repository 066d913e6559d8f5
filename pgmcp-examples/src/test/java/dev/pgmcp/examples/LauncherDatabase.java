package dev.pgmcp.examples;

import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.TestRoles;

/**
 * A fresh database on the test server and a login role of its own (not a superuser, so the launcher
 * serves it), for a test that runs the launcher as a process; {@link #close()} drops the role.
 *
 * @param admin       a superuser JDBC URL of the server (for what the test reads beside the launcher)
 * @param role        the role the launcher logs in as
 * @param launcherUrl the database's JDBC URL with the role's user and password, for {@code --url}
 */
record LauncherDatabase(String admin, TestRoles.Role role, String launcherUrl) implements AutoCloseable {

    /** @param prefix lower-case identifier naming the test (the database's and the role's names start with it) */
    static LauncherDatabase create(String prefix) {
        String admin = TestPostgres.adminUrl();
        String url = TestPostgres.freshDatabase(prefix);
        TestRoles.Role role = TestRoles.create(admin, prefix, "");
        return new LauncherDatabase(admin, role, role.url(url));
    }

    @Override
    public void close() {
        TestRoles.dropQuietly(admin, role);
    }
}
