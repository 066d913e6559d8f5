package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.DatabaseConfig;
import dev.pgmcp.config.PgMcpConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PGMCP_REPLICA_URLS, PGMCP_DATABASE_<NAME>_REPLICA_URLS and PGMCP_REPLICA_MAX_LAG_MS. */
class ReplicaSettingsTest {

    static ConfigException bad(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> TestSettings.config(env));
    }

    @Test
    void standbysTakeThePrimarysCredentialsUnlessTheirUrlGivesItsOwn() {
        PgMcpConfig c = TestSettings.config(Map.of(
                "PGMCP_DATABASE_URL", "postgresql://app:s3cret@primary:5432/app?sslmode=require",
                "PGMCP_REPLICA_URLS", "postgresql://standby1:5432/app, postgresql://other:pw2@standby2/app",
                "PGMCP_REPLICA_MAX_LAG_MS", "2500"));
        List<DatabaseConfig> standbys = c.replicas("main");
        assertEquals(2, standbys.size());
        DatabaseConfig first = standbys.get(0);
        assertEquals("jdbc:postgresql://standby1:5432/app", first.jdbcUrl());
        assertEquals("app", first.user());
        assertEquals("s3cret", first.password());
        assertEquals(dev.pgmcp.config.SslMode.REQUIRE, first.sslMode());
        assertEquals("other", standbys.get(1).user());
        assertEquals("pw2", standbys.get(1).password());
        assertEquals(Duration.ofMillis(2500), c.replicaMaxLag());
        assertFalse(c.toString().contains("s3cret") || c.toString().contains("pw2"), c.toString());
    }

    @Test
    void noStandbysByDefaultAndTenSecondsOfLag() {
        PgMcpConfig c = TestSettings.config(Map.of("PGMCP_DATABASE_URL", "postgresql://app@primary/app"));
        assertEquals(List.of(), c.replicas("main"));
        assertEquals(Duration.ofMillis(PgMcpConfig.DEFAULT_REPLICA_MAX_LAG_MS), c.replicaMaxLag());
    }

    @Test
    void aCommaInsideAMultiHostUrlDoesNotSplitIt() {
        assertEquals(List.of("postgresql://a:5432,b:5433/app?target_session_attrs=any", "jdbc:postgresql://c/app"),
                CoreSettings.replicaUrls("postgresql://a:5432,b:5433/app?target_session_attrs=any ,jdbc:postgresql://c/app,"));
        assertEquals(List.of("postgresql://a/app"), CoreSettings.replicaUrls(" postgresql://a/app "));
    }

    @Test
    void namedDatabasesEachListTheirOwn() {
        PgMcpConfig c = TestSettings.config(Map.of(
                "PGMCP_DATABASES", "main,analytics",
                "PGMCP_DATABASE_MAIN_URL", "postgresql://app@db1/app",
                "PGMCP_DATABASE_ANALYTICS_URL", "postgresql://app@dw/dw",
                "PGMCP_DATABASE_ANALYTICS_REPLICA_URLS", "postgresql://dw-standby/dw"));
        assertEquals(List.of(), c.replicas("main"));
        assertEquals("jdbc:postgresql://dw-standby/dw", c.replicas("analytics").get(0).jdbcUrl());
        assertEquals("analytics", c.replicas("analytics").get(0).name());
    }

    @Test
    void errorsNameTheSetting() {
        assertEquals("PGMCP_REPLICA_MAX_LAG_MS", bad(Map.of("PGMCP_DATABASE_URL", "postgresql://db/app",
                "PGMCP_REPLICA_MAX_LAG_MS", "-1")).setting());
        assertEquals("PGMCP_REPLICA_URLS", bad(Map.of("PGMCP_DATABASE_URL", "postgresql://db/app",
                "PGMCP_REPLICA_URLS", "mysql://db/app")).setting());
        assertEquals("PGMCP_REPLICA_URLS", bad(Map.of("PGMCP_DATABASES", "main",
                "PGMCP_DATABASE_MAIN_URL", "postgresql://db/app", "PGMCP_REPLICA_URLS", "postgresql://s/app")).setting());
        ConfigException unknown = assertThrows(ConfigException.class, () -> PgMcpConfig.builder()
                .database("main", "postgresql://db/app").replicaUrls("other", List.of("postgresql://s/app")).build());
        assertEquals("PGMCP_DATABASE_OTHER_REPLICA_URLS", unknown.setting());
        assertTrue(unknown.getMessage().contains("no configured database"), unknown.getMessage());
    }
}
