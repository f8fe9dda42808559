package io.urlfetcher;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages depend one way, top to bottom, as docs/ARCHITECTURE.md draws them: checked on the compiled classes, so a
 * new import that points up fails the build.
 */
@AnalyzeClasses(packages = "io.urlfetcher", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDependenciesTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.urlfetcher.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachLayerUsesOnlyTheOnesBelow = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("cli").definedBy("io.urlfetcher.cli..")
            .layer("batch").definedBy("io.urlfetcher.batch..")
            .layer("config").definedBy("io.urlfetcher.config..")
            .layer("watch").definedBy("io.urlfetcher.watch..")
            .layer("distributed").definedBy("io.urlfetcher.distributed..")
            .layer("flow").definedBy("io.urlfetcher.flow")
            .layer("flow.result").definedBy("io.urlfetcher.flow.result..")
            .layer("flow.state").definedBy("io.urlfetcher.flow.state..")
            .layer("flow.list").definedBy("io.urlfetcher.flow.list..")
            .layer("flow.response").definedBy("io.urlfetcher.flow.response..")
            .layer("report").definedBy("io.urlfetcher.report..")
            .layer("http").definedBy("io.urlfetcher.http..")
            .layer("core").definedBy("io.urlfetcher.core..")
            .layer("values").definedBy("io.urlfetcher")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("batch").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("config").mayOnlyBeAccessedByLayers("cli", "batch")
            .whereLayer("watch").mayOnlyBeAccessedByLayers("cli", "config")
            .whereLayer("distributed").mayOnlyBeAccessedByLayers("cli", "batch", "config")
            .whereLayer("flow").mayOnlyBeAccessedByLayers("cli", "batch", "config", "distributed")
            .whereLayer("flow.result").mayOnlyBeAccessedByLayers("cli", "batch", "config", "distributed", "flow")
            .whereLayer("flow.state").mayOnlyBeAccessedByLayers("cli", "batch", "config", "watch", "distributed", "flow",
                    "flow.result")
            .whereLayer("flow.list").mayOnlyBeAccessedByLayers("cli", "batch", "config", "watch", "distributed", "flow",
                    "flow.result", "flow.state")
            .whereLayer("flow.response").mayOnlyBeAccessedByLayers("cli", "batch", "config", "distributed", "flow",
                    "flow.result")
            .whereLayer("report").mayOnlyBeAccessedByLayers("cli", "batch", "config", "distributed", "flow",
                    "flow.result", "flow.response")
            .whereLayer("http").mayOnlyBeAccessedByLayers("cli", "batch", "config", "distributed", "flow",
                    "flow.result", "flow.response")
            .whereLayer("core").mayOnlyAccessLayers("values")
            .whereLayer("values").mayNotAccessAnyLayer();
}
