package dev.pgmcp.audit;

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
    void passwordKeysAreMasked() {
        assertEquals("dblink('host=h password=*** dbname=d')", Redaction.redact("dblink('host=h password=hunter2 dbname=d')"));
        assertEquals("jdbc:postgresql://h/d?user=u&password=***&ssl=true",
                Redaction.redact("jdbc:postgresql://h/d?user=u&password=hunter2&ssl=true"));
        assertEquals("PASSWORD = ***", Redaction.redact("PASSWORD = 'two words'"));
        assertEquals("SELECT password_hash FROM users", Redaction.redact("SELECT password_hash FROM users"));
        assertNull(Redaction.redact(null));
    }
}
