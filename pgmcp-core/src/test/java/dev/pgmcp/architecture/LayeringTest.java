package dev.pgmcp.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of {@code pgmcp-core}'s packages, as rules over its compiled classes (ArchUnit):
 * no two packages depend on each other, and the SPI that host tools compile against names no driver,
 * pool, parser or MCP SDK type.
 */
class LayeringTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pgmcp");

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("dev.pgmcp.(*)..").should().beFreeOfCycles()
                // The one known exception: ToolContext still hands a tool the engine's QueryExecutor,
                // which reports to the SPI's listeners. An SPI interface for running a query removes it.
                .ignoreDependency(describe("ToolContext", c -> c.getName().equals("dev.pgmcp.spi.ToolContext")),
                        describe("QueryExecutor", c -> c.getName().equals("dev.pgmcp.exec.QueryExecutor")))
                .check(CORE);
    }

    @Test
    void theSpiNamesNoDriverPoolParserOrProtocolType() {
        noClasses().that().resideInAPackage("dev.pgmcp.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "com.zaxxer..",
                        "net.sf.jsqlparser..", "io.modelcontextprotocol..", "java.sql..")
                .check(CORE);
    }
}
