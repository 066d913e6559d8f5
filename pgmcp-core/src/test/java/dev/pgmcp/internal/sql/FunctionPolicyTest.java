package dev.pgmcp.internal.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unit tests for {@link FunctionPolicy}. */
class FunctionPolicyTest {

    @Test
    void matchesCaseInsensitivelyAndQualified() {
        FunctionPolicy p = FunctionPolicy.defaults();
        assertTrue(p.isDenied("pg_sleep"));
        assertTrue(p.isDenied("PG_SLEEP"));
        assertTrue(p.isDenied("pg_catalog.pg_sleep"));
        assertTrue(p.isDenied("\"pg_catalog\".\"pg_sleep\""));
        assertTrue(p.isDenied("nextval"));
        assertFalse(p.isDenied("currval"));
        assertFalse(p.isDenied("lower"));
        assertFalse(p.isDenied(null));
    }

    @Test
    void withDeniedReturnsNewPolicy() {
        FunctionPolicy base = FunctionPolicy.defaults();
        FunctionPolicy more = base.withDenied(List.of("My_Func"));
        assertTrue(more.isDenied("my_func"));
        assertTrue(more.isDenied("pg_sleep"));
        assertFalse(base.isDenied("my_func"));
        assertThrows(UnsupportedOperationException.class, () -> more.deniedFunctions().add("x"));
        assertThrows(IllegalArgumentException.class, () -> base.withDenied(List.of(" ")));
    }
}
