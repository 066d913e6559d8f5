package dev.pgmcp.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library jars as an application on the module path sees them: each has the stable module name
 * its manifest's {@code Automatic-Module-Name} gives, and together they resolve as one module graph
 * (no package in two jars).
 */
class ModuleNamesIT {

    private static final Map<String, String> MODULES = Map.of(
            "pgmcp-core", "dev.pgmcp",
            "pgmcp-settings", "dev.pgmcp.settings",
            "pgmcp-mcp", "dev.pgmcp.mcp",
            "pgmcp-transport-stdio", "dev.pgmcp.stdio",
            "pgmcp-transport-http", "dev.pgmcp.http",
            "pgmcp-tools-bi", "dev.pgmcp.bi",
            "pgmcp-tools-nlq", "dev.pgmcp.nlq",
            "pgmcp-auth-azure", "dev.pgmcp.auth.azure",
            "pgmcp-auth-aws", "dev.pgmcp.auth.aws",
            "pgmcp-examples", "dev.pgmcp.examples");

    @Test
    void everyJarHasItsModuleNameAndTheyResolveTogether() throws IOException {
        Map<String, String> found = new TreeMap<>();
        Path[] jars = new Path[MODULES.size()];
        int i = 0;
        for (String module : MODULES.keySet()) {
            Path jar = jar(module);
            Set<ModuleReference> refs = ModuleFinder.of(jar).findAll();
            assertEquals(1, refs.size(), jar::toString);
            found.put(module, refs.iterator().next().descriptor().name());
            jars[i++] = jar;
        }
        assertEquals(new TreeMap<>(MODULES), found);

        ModuleFinder all = ModuleFinder.of(jars);
        Configuration graph = Configuration.resolve(all, List.of(ModuleLayer.boot().configuration()), ModuleFinder.of(),
                MODULES.values());
        assertEquals(Set.copyOf(MODULES.values()),
                graph.modules().stream().map(m -> m.name()).collect(Collectors.toSet()));
    }

    /** @return the module's library jar, built by the package phase of the reactor (this module's runs last) */
    private static Path jar(String module) throws IOException {
        Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars = files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(module + "-") && n.endsWith(".jar") && !n.endsWith("-tests.jar")
                        && !n.endsWith("-plugin.jar");
            }).toList();
            assertTrue(jars.size() == 1, () -> "one library jar in " + target + ": " + jars);
            return jars.get(0);
        }
    }
}
