package dev.pgmcp.examples;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.pgmcp.bi.BiPack;
import dev.pgmcp.nlq.NaturalLanguageQueryTool;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Code written the way a host application writes it compiles against pgmcp's public API alone: the
 * example host application ({@link EmbeddingExample}) and its tool ({@link RevenueByCountryTool}), and
 * the optional tool packs built on the SPI, each in its own module (business intelligence,
 * {@code pgmcp-tools-bi}; the natural-language {@code query} tool, {@code pgmcp-tools-nlq}), name no
 * class of the engine or the protocol layer. The public API is {@code dev.pgmcp.PgMcp}, the
 * configuration builders ({@code dev.pgmcp.config}) and settings loader ({@code dev.pgmcp.settings}),
 * the SPI ({@code dev.pgmcp.spi}), the catalog records ({@code dev.pgmcp.schema}), credential providers
 * ({@code dev.pgmcp.auth}), metrics ({@code dev.pgmcp.metrics}) and the transports' entry points
 * ({@code dev.pgmcp.stdio}, {@code dev.pgmcp.http}); the engine is {@code dev.pgmcp.internal}. See
 * {@code docs/embedding.md}.
 */
class PublicApiTest {

    /** The engine and the protocol layer: what a host must not import (they change without notice). */
    private static final String[] INTERNAL = {"dev.pgmcp.internal..", "dev.pgmcp.mcp.."};

    @Test
    void theExampleHostApplicationAndToolUseThePublicApiOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(INTERNAL).check(
                new ClassFileImporter().importClasses(EmbeddingExample.class, RevenueByCountryTool.class));
    }

    @Test
    void theBusinessIntelligencePackUsesThePublicApiOnly() {
        JavaClasses pack = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BiPack.class.getPackageName());
        noClasses().should().dependOnClassesThat().resideInAnyPackage(INTERNAL).check(pack);
    }

    @Test
    void theNaturalLanguageQueryPackUsesThePublicApiOnly() {
        JavaClasses pack = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(NaturalLanguageQueryTool.class.getPackageName());
        noClasses().should().dependOnClassesThat().resideInAnyPackage(INTERNAL).check(pack);
    }
}
