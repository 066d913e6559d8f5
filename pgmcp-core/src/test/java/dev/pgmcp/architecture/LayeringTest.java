package dev.pgmcp.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of {@code pgmcp-core}'s packages, as rules over its compiled classes (ArchUnit): the
 * public API ({@code dev.pgmcp.PgMcp}, {@code config}, {@code spi}, {@code schema}, {@code auth},
 * {@code metrics}) over the engine in {@code dev.pgmcp.internal}; no two packages depend on each other,
 * inside the engine or outside it; and the SPI that host tools compile against ({@code dev.pgmcp.spi})
 * names nothing but itself, the catalog records ({@code dev.pgmcp.schema}) and the JDK: no engine,
 * driver, pool, parser or protocol type.
 */
class LayeringTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pgmcp");

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("dev.pgmcp.(*)..").should().beFreeOfCycles().check(CORE);
        slices().matching("dev.pgmcp.internal.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theSpiTheCatalogAndTheConfigurationNameNoEngineClass() {
        noClasses().that().resideInAnyPackage("dev.pgmcp.spi..", "dev.pgmcp.schema..", "dev.pgmcp.config..")
                .should().dependOnClassesThat().resideInAPackage("dev.pgmcp.internal..")
                .check(CORE);
    }

    @Test
    void theSpiNamesOnlyItselfTheCatalogAndTheJdk() {
        classes().that().resideInAPackage("dev.pgmcp.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.pgmcp.spi..", "dev.pgmcp.schema..", "java..")
                .check(CORE);
    }

    @Test
    void theSpiNamesNoDriverPoolParserOrProtocolType() {
        noClasses().that().resideInAPackage("dev.pgmcp.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "com.zaxxer..",
                        "net.sf.jsqlparser..", "io.modelcontextprotocol..", "java.sql..")
                .check(CORE);
    }

    /**
     * Core takes its configuration from builders only: reading environment variables, a settings file
     * or profiles is the module pgmcp-settings' job. (Credential files a database names, such as a
     * password file, are read by {@code dev.pgmcp.auth}; they are not settings.)
     */
    @Test
    void coreReadsNoEnvironmentAndNoPropertiesFile() {
        noClasses().should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(java.util.Properties.class, "load", java.io.Reader.class)
                .orShould().callMethod(java.util.Properties.class, "load", java.io.InputStream.class)
                .because("pgmcp-settings is the one place that reads settings")
                .check(CORE);
    }
}
