package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.RoleMapping;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-person roles: PGMCP_ROLE_MAP, PGMCP_ROLE_CLAIM, PGMCP_ROLE_CLAIM_MAP and PGMCP_ROLE_DEFAULT. */
class RoleSettingsTest {

    private static PgMcpConfig fromEnv(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("PGMCP_DATABASE_URL", "postgresql://h/db");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return TestSettings.config(m);
    }

    private static ConfigException invalid(String... kv) {
        return assertThrows(ConfigException.class, () -> fromEnv(kv));
    }

    @Test
    void noneByDefault() {
        assertSame(RoleMapping.NONE, fromEnv().roleMapping());
        assertFalse(fromEnv().roleMapping().enabled());
    }

    @Test
    void readFromTheEnvironmentInOrder() {
        RoleMapping m = fromEnv("PGMCP_ROLE_MAP", " alice = app_alice, bob=app_bob,local=app_local ",
                "PGMCP_ROLE_CLAIM", "groups",
                "PGMCP_ROLE_CLAIM_MAP", "9f1c-eu=analyst_eu,7a2b-us=analyst_us,base64ish==analyst_b",
                "PGMCP_ROLE_DEFAULT", "guest").roleMapping();
        assertTrue(m.enabled());
        assertEquals(List.of("alice", "bob", "local"), List.copyOf(m.byPrincipal().keySet()));
        assertEquals("app_alice", m.byPrincipal().get("alice"));
        assertEquals("groups", m.claim());
        assertEquals(List.of("9f1c-eu", "7a2b-us", "base64ish="), List.copyOf(m.byClaimValue().keySet()));
        assertEquals("guest", m.defaultRole());
        assertEquals(Set.of("app_alice", "app_bob", "app_local", "analyst_eu", "analyst_us", "analyst_b", "guest"),
                m.roles());
        assertEquals(List.of("app_alice", "app_bob", "app_local", "analyst_eu", "analyst_us", "analyst_b", "guest"),
                List.copyOf(m.roles()));
    }

    @Test
    void aDefaultAloneMapsEveryone() {
        RoleMapping m = fromEnv("PGMCP_ROLE_DEFAULT", "reader").roleMapping();
        assertTrue(m.enabled());
        assertNull(m.claim());
    }

    @Test
    void badEntriesNameTheirSetting() {
        assertEquals("PGMCP_ROLE_MAP", invalid("PGMCP_ROLE_MAP", "alice").setting());
        assertEquals("PGMCP_ROLE_MAP", invalid("PGMCP_ROLE_MAP", "alice=").setting());
        assertEquals("PGMCP_ROLE_MAP", invalid("PGMCP_ROLE_MAP", "=app").setting());
        assertTrue(invalid("PGMCP_ROLE_MAP", "alice=a,alice=b").getMessage().contains("mapped twice"));
        assertTrue(invalid("PGMCP_ROLE_MAP", "alice=none").getMessage().contains("SET ROLE none"));
        assertTrue(invalid("PGMCP_ROLE_DEFAULT", "NONE").getMessage().startsWith("PGMCP_ROLE_DEFAULT: "));
        assertEquals("PGMCP_ROLE_MAP", invalid("PGMCP_ROLE_MAP", "alice=" + "r".repeat(64)).setting());
        assertEquals("PGMCP_ROLE_CLAIM", invalid("PGMCP_ROLE_CLAIM_MAP", "g=r").setting());
        assertEquals("PGMCP_ROLE_CLAIM_MAP", invalid("PGMCP_ROLE_CLAIM", "groups").setting());
    }
}
