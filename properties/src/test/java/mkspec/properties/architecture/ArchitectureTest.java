package mkspec.properties.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture docs/design.md describes, checked on mkspec's own main code. */
class ArchitectureTest {
    static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("mkspec");
    }

    @Test
    void theImportSeesEveryModuleSoNoRuleHoldsVacuously() {
        for (String pkg : java.util.List.of("mkspec.spec.check", "mkspec.spec.action", "mkspec.reference.kernel",
            "mkspec.reference.kernel.multikernel", "mkspec.reference.lib", "mkspec.reference.fdt", "mkspec.refinement",
            "mkspec.traces.cli", "mkspec.traces.format",
            "mkspec.properties.runner", "mkspec.properties.simulate")) {
            org.junit.jupiter.api.Assertions.assertTrue(main.containPackage(pkg), "no classes imported from " + pkg);
        }
    }

    @Test
    void specDependsOnNothingElseInMkspec() {
        noClasses().that().resideInAPackage("mkspec.spec..")
            .should().dependOnClassesThat().resideInAnyPackage("mkspec.reference..", "mkspec.refinement..", "mkspec.traces..",
                "mkspec.properties..")
            .check(main);
    }

    @Test
    void referenceNeverImportsSpecOrAnythingElse() {
        noClasses().that().resideInAPackage("mkspec.reference..")
            .should().dependOnClassesThat().resideInAnyPackage("mkspec.spec..", "mkspec.refinement..", "mkspec.traces..",
                "mkspec.properties..")
            .check(main);
    }

    @Test
    void refinementUsesOnlySpecAndReference() {
        noClasses().that().resideInAPackage("mkspec.refinement..")
            .should().dependOnClassesThat().resideInAnyPackage("mkspec.traces..", "mkspec.properties..")
            .because("the refinement layer sits between spec and reference and everything that uses them")
            .check(main);
    }

    @Test
    void propertiesUseNeitherTheReportRendererNorKernelStructs() {
        noClasses().that().resideInAPackage("mkspec.properties..")
            .should().dependOnClassesThat().resideInAnyPackage("mkspec.traces.report..", "mkspec.reference.kernel..",
                "mkspec.reference.lib..", "mkspec.reference.mm..", "mkspec.reference.fdt..")
            .because("properties drive the reference through the refinement layer and write failures through traces")
            .check(main);
    }

    @Test
    void tracesUsesOnlySpecAndReference() {
        noClasses().that().resideInAPackage("mkspec.traces..")
            .should().dependOnClassesThat().resideInAPackage("mkspec.properties..")
            .check(main);
    }

    @Test
    void theTraceFormatImportsNothingElseOfMkspec() {
        classes().that().resideInAPackage("mkspec.traces.format..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("mkspec.traces.format..", "java..",
                "com.fasterxml.jackson..", "org.yaml.snakeyaml..")
            .because("traces written outside mkspec are read by the format alone")
            .check(main);
    }

    @Test
    void theCheckerKnowsNothingOfTheMultikernelModel() {
        classes().that().resideInAPackage("mkspec.spec.check..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("mkspec.spec.check..", "java..")
            .check(main);
    }

    @Test
    void thePropertyRunnerIsGeneral() {
        classes().that().resideInAPackage("mkspec.properties.runner..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("mkspec.properties.runner..", "java..",
                "org.junit.jupiter.api..")
            .because("the runner is general: it imports nothing else from mkspec and nothing but JUnit's API")
            .check(main);
    }

    @Test
    void genallocStandsAlone() {
        classes().that().resideInAPackage("mkspec.reference.lib..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("mkspec.reference.lib..", "mkspec.reference", "java..")
            .because("lib/genalloc.c knows nothing of multikernel or kexec")
            .check(main);
    }

    @Test
    void theFdtLibraryStandsAlone() {
        classes().that().resideInAPackage("mkspec.reference.fdt..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("mkspec.reference.fdt..", "java..")
            .check(main);
    }

    @Test
    void noPackageCycles() {
        slices().matching("mkspec.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void onlyTheCommandLineExits() {
        noClasses().that().resideOutsideOfPackage("mkspec.traces.cli..")
            .should().callMethod(System.class, "exit", int.class)
            .check(main);
    }

    @Test
    void randomnessAlwaysHasASeed() {
        noClasses().should().callConstructor(Random.class)
            .orShould().callConstructor(SplittableRandom.class)
            .orShould().callMethod(Math.class, "random")
            .orShould().callMethod(ThreadLocalRandom.class, "current")
            .check(main);
    }

    @Test
    void noReflectionTricks() {
        noClasses().that().resideOutsideOfPackage("mkspec.traces.cli..")
            .should().dependOnClassesThat().resideInAPackage("java.lang.reflect..")
            .check(main);
    }

    @Test
    void jqwikIsNotUsed() {
        noClasses().should().dependOnClassesThat().resideInAPackage("net.jqwik..").check(main);
    }
}
