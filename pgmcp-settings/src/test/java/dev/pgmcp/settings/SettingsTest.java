package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.ValidationMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Settings}: the typed accessors, and the errors that name the variable. */
class SettingsTest {

    @Test
    void unsetAndBlankAreTheSameAndValuesAreTrimmed() {
        Settings s = Settings.of(Map.of("A", "  x ", "B", "   "));
        assertEquals("x", s.string("A"));
        assertNull(s.string("B"));
        assertNull(s.string("C"));
        assertEquals("d", s.string("B", "d"));
        assertTrue(s.isSet("A"));
        assertFalse(s.isSet("B"));
        assertEquals(OptionalLong.empty(), s.integer("B", 0, 10));
        assertEquals(Optional.empty(), s.bool("C"));
        assertEquals(List.of(), s.list("C"));
    }

    @Test
    void numbersDurationsBooleansChoicesAndLists() {
        Settings s = Settings.of(Map.of("N", "5_000", "MS", "1500", "S", "30", "T", "TRUE", "F", "false",
                "MODE", " Role ", "LIST", " a, ,b ,"));
        assertEquals(5000, s.integer("N", 0, 10_000).orElseThrow());
        assertEquals(5000, s.integer("N").orElseThrow());
        assertEquals(Duration.ofMillis(1500), s.millis("MS", 1, 3_600_000).orElseThrow());
        assertEquals(Duration.ofSeconds(30), s.seconds("S", 0, 300).orElseThrow());
        assertEquals(Optional.of(true), s.bool("T"));
        assertEquals(Optional.of(false), s.bool("F"));
        assertEquals(Optional.of(ValidationMode.ROLE), s.choice("MODE", ValidationMode.class));
        assertEquals(List.of("a", "b"), s.list("LIST"));
        assertEquals(Path.of("/etc/pgmcp/pw"), Settings.of(Map.of("P", "/etc/pgmcp/pw")).path("P").orElseThrow());
    }

    @Test
    void everyParseErrorNamesTheVariableAndWhatIsAccepted() {
        Settings s = Settings.of(Map.of("N", "ten", "BIG", "11", "B", "yes", "MODE", "lenient"));
        ConfigException notNumber = assertThrows(ConfigException.class, () -> s.integer("N", 1, 10));
        assertEquals("N", notNumber.setting());
        assertTrue(notNumber.getMessage().contains("'ten' is not a whole number (allowed 1..10)"), notNumber.getMessage());
        assertEquals("N", assertThrows(ConfigException.class, () -> s.integer("N")).setting());
        ConfigException tooBig = assertThrows(ConfigException.class, () -> s.millis("BIG", 1, 10));
        assertEquals("BIG", tooBig.setting());
        assertTrue(tooBig.getMessage().contains("is 11; allowed range is 1..10"), tooBig.getMessage());
        ConfigException notBool = assertThrows(ConfigException.class, () -> s.bool("B"));
        assertEquals("B", notBool.setting());
        assertTrue(notBool.getMessage().contains("'yes' is not true or false"), notBool.getMessage());
        ConfigException notChoice = assertThrows(ConfigException.class, () -> s.choice("MODE", ValidationMode.class));
        assertEquals("MODE", notChoice.setting());
        assertTrue(notChoice.getMessage().contains("[strict, role]"), notChoice.getMessage());
    }

    @Test
    void loadLayersTheFileTheProfileAndTheEnvironment(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pgmcp.properties");
        Files.writeString(f, "PGMCP_MAX_ROWS=10\nPGMCP_POOL_MAX_SIZE=4\nPGMCP_AUDIT_LOG=off\n"
                + "profile.prod.PGMCP_MAX_ROWS=20\nprofile.prod.PGMCP_POOL_MAX_SIZE=8\nprofile.dev.PGMCP_MAX_ROWS=30\n");
        Settings s = Settings.load(Map.of("PGMCP_CONFIG_FILE", f.toString(), "PGMCP_PROFILE", "prod",
                "PGMCP_POOL_MAX_SIZE", "9"));
        assertEquals("20", s.string("PGMCP_MAX_ROWS"), "the profile over the file");
        assertEquals("9", s.string("PGMCP_POOL_MAX_SIZE"), "the environment over the profile");
        assertEquals("off", s.string("PGMCP_AUDIT_LOG"), "the file's plain keys under both");
        assertEquals(List.of("dev"), List.copyOf(s.otherProfiles().keySet()));
        assertEquals("30", s.otherProfiles().get("dev").string("PGMCP_MAX_ROWS"));
        assertEquals("9", s.otherProfiles().get("dev").string("PGMCP_POOL_MAX_SIZE"));
        assertTrue(Settings.of(Map.of("PGMCP_CONFIG_FILE", f.toString())).otherProfiles().isEmpty(),
                "of() reads no file");
        assertNull(Settings.of(Map.of("PGMCP_CONFIG_FILE", f.toString())).string("PGMCP_MAX_ROWS"));
    }

    @Test
    void toStringShowsKeysNotValues() {
        Settings s = Settings.of(Map.of("PGPASSWORD", "S3cretPw", "PGMCP_MAX_ROWS", "5"));
        assertEquals("Settings[PGMCP_MAX_ROWS, PGPASSWORD]", s.toString());
        assertFalse(s.toString().contains("S3cretPw"));
    }
}
