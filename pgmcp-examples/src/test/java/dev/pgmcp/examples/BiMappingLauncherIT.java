package dev.pgmcp.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher jar with {@code PGMCP_BI_MAPPING} naming a mapping that does not fit the demo database:
 * the start fails with exit code 2 and a message naming the missing column and the ones that exist.
 */
class BiMappingLauncherIT {

    @Test
    void aMappingThatDoesNotFitStopsTheStart(@TempDir Path dir) throws IOException, InterruptedException {
        Path mapping = Files.writeString(dir.resolve("bi.properties"), "customers.name = full_name\n");
        ProcessBuilder pb = new ProcessBuilder(List.of(LauncherProcess.java(), "-jar", LauncherProcess.jar().toString(), "--demo"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("PGMCP_BI_MAPPING", mapping.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the launcher should stop by itself");
        String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err);
        assertTrue(err.contains("pgmcp: configuration error: PGMCP_BI_MAPPING: "), err);
        assertTrue(err.contains("column full_name (customers.name) not found in public.customers; its columns: name"), err);
        assertFalse(err.contains("\tat "), err);
    }
}
