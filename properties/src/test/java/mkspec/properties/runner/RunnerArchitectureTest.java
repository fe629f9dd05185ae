package mkspec.properties.runner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The runner stays general: it knows nothing of the systems it tests. */
class RunnerArchitectureTest {

    @Test
    void runnerDependsOnlyOnItselfTheJdkAndTheJunitApi() {
        JavaClasses runner = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("mkspec.properties.runner");
        classes().that().resideInAPackage("mkspec.properties.runner")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "mkspec.properties.runner", "java..", "org.junit.jupiter.api..")
                .because("the runner is general: it imports nothing else from mkspec and nothing but JUnit's API")
                .check(runner);
    }
}
