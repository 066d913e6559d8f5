package dev.pgmcp.internal.audit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RedactionTest {

    @Test
    void urlPasswordsAreMasked() {
        assertEquals("connect to postgresql://bob:***@db.example.com:5432/sales please",
                Redaction.redact("connect to postgresql://bob:hunter2@db.example.com:5432/sales please"));
        assertEquals("SELECT 'jdbc:postgresql://u:***@h/d'", Redaction.redact("SELECT 'jdbc:postgresql://u:p%40ss@h/d'"));
        assertEquals("https://host/path?q=1", Redaction.redact("https://host/path?q=1"));
        assertEquals("postgresql://bob@host/db", Redaction.redact("postgresql://bob@host/db"));
    }

    @Test
    void longTextWithoutSecretsIsReturnedUnchanged() {
        // 200,000 letters: a pattern that backtracked from every start position would need ~10^10 steps.
        String letters = "a".repeat(200_000);
        assertEquals(letters, Redaction.redact(letters));
        String schemes = "x://".repeat(50_000);
        assertEquals(schemes, Redaction.redact(schemes));
        String keys = "password ".repeat(20_000);
        assertEquals(keys, Redaction.redact(keys));
    }

    @Test
    void passwordKeysAreMasked() {
        assertEquals("dblink('host=h password=*** dbname=d')", Redaction.redact("dblink('host=h password=hunter2 dbname=d')"));
        assertEquals("jdbc:postgresql://h/d?user=u&password=***&ssl=true",
                Redaction.redact("jdbc:postgresql://h/d?user=u&password=hunter2&ssl=true"));
        assertEquals("PASSWORD = ***", Redaction.redact("PASSWORD = 'two words'"));
        assertEquals("SELECT password_hash FROM users", Redaction.redact("SELECT password_hash FROM users"));
        assertNull(Redaction.redact(null));
    }
}
