package dev.pgmcp.settings;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings reference (docs/configuration.md) against the catalog ({@link Setting}). */
class SettingsReferenceTest {

    /**
     * The settings reference lives in {@code docs/configuration.md}: every {@link Setting} must have its
     * row in a table there ({@code | `VARIABLE` | default | meaning |}), and every variable row there must
     * be a {@link Setting}, so the reference neither misses a setting nor documents one that does not exist.
     */
    @Test
    void everySettingIsDocumentedInTheSettingsReference() throws IOException {
        Path reference = findInRepository("docs/configuration.md");
        assertNotNull(reference, "docs/configuration.md not found in " + System.getProperty("user.dir")
                + " or any parent up to the repository root");
        String text = Files.readString(reference);
        List<String> missing = new ArrayList<>();
        for (Setting s : Setting.values()) {
            if (!text.contains("| `" + s.env() + "` |")) {
                missing.add(s.env());
            }
        }
        assertTrue(missing.isEmpty(), "settings missing from the tables of " + reference + ": " + missing);

        Set<String> known = new HashSet<>();
        for (Setting s : Setting.values()) {
            known.add(s.env());
        }
        List<String> unknown = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `((?:PGMCP_|PG)[A-Z_<>]+)` \\|").matcher(text);
        while (row.find()) {
            if (!known.contains(row.group(1))) {
                unknown.add(row.group(1));
            }
        }
        assertTrue(unknown.isEmpty(), "rows of " + reference + " that name no setting: " + unknown);
    }


    /**
     * The builders of pgmcp-core, the transports and the authentication modules name a setting in their
     * errors by its variable, and only this module holds the catalog: every variable written in the
     * other modules' sources ({@code "PGMCP_MAX_ROWS"}, {@code "PGHOST"}...) must be one of {@link Setting},
     * so an error never names a setting the reference does not document. Two are not in the catalog on
     * purpose: {@code DATABASE_URL} (read as the fallback of {@code PGMCP_DATABASE_URL}) and the launcher's
     * {@code PGMCP_LOG_LEVEL} (read before logging starts, documented next to the logs).
     */
    @Test
    void everyVariableTheOtherModulesNameIsInTheCatalog() throws IOException {
        Path root = findInRepository("pgmcp-core").getParent();
        Set<String> known = new HashSet<>(List.of("DATABASE_URL", "PGMCP_LOG_LEVEL"));
        for (Setting s : Setting.values()) {
            known.add(s.env());
        }
        Pattern literal = Pattern.compile("\"((?:PGMCP_|PG)[A-Z_<>]+)\"");
        List<String> unknown = new ArrayList<>();
        Set<String> modules = new HashSet<>();
        int seen = 0;
        try (var dirs = Files.list(root)) {
            for (Path module : dirs.filter(d -> d.getFileName().toString().startsWith("pgmcp-")
                    && !d.getFileName().toString().equals("pgmcp-settings")).toList()) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                try (var files = Files.walk(sources)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        Matcher m = literal.matcher(Files.readString(f));
                        while (m.find()) {
                            seen++;
                            modules.add(module.getFileName().toString());
                            if (!known.contains(m.group(1))) {
                                unknown.add(root.relativize(f) + ": " + m.group(1));
                            }
                        }
                    }
                }
            }
        }
        assertTrue(seen > 20 && modules.contains("pgmcp-core"), "expected core's builders to name their settings; found "
                + seen + " names in " + modules);
        assertTrue(unknown.isEmpty(), "variables named outside pgmcp-settings that are not in the catalog: " + unknown);
    }

    /**
     * Finds {@code relative} under the repository root: the first ancestor of {@code user.dir} (itself
     * included) that holds it, looking no further than the directory that holds {@code .git}.
     */
    private static Path findInRepository(String relative) {
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            if (Files.exists(dir.resolve(".git"))) {
                return null; // the repository root: do not pick up a file from outside it
            }
        }
        return null;
    }
}
