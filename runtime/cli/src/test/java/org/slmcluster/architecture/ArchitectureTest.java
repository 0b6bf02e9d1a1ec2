package org.slmcluster.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/ARCHITECTURE.md, checked on the production classes of every module (this module's
 * test classpath sees them all). Maven already keeps module dependencies one-way; these rules also cover
 * packages inside a module and what each layer may know of the libraries.
 */
class ArchitectureTest {

    private static final String TOPOLOGY = "org.slmcluster.topology..";
    private static final String EVALUATORS = "org.slmcluster.evaluators..";
    private static final String ACTORS = "org.slmcluster.actors..";
    private static final String RUNTIME = "org.slmcluster.runtime..";
    private static final String[] ENGINES = {"org.slmcluster.runtime.engines..", "org.slmcluster.runtime.models.."};
    private static final String NODE = "org.slmcluster.runtime.node..";
    private static final String[] PLATFORM = {
        "org.slmcluster.runtime.platform..",
        "org.slmcluster.runtime.generation..",
        "org.slmcluster.runtime.suite..",
        "org.slmcluster.runtime.rag..",
        "org.slmcluster.runtime.evaluation..",
        "org.slmcluster.runtime.ledger..",
        "org.slmcluster.runtime.jobs..",
        "org.slmcluster.runtime.report.."
    };
    private static final String[] SERVER = {"org.slmcluster.runtime.http..", "org.slmcluster.runtime.server.."};
    private static final String[] CLI = {
        "org.slmcluster.runtime.cli..", "org.slmcluster.runtime.client..", "org.slmcluster.runtime.demo.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.slmcluster");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.slmcluster.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void topologyAndEvaluatorsKnowNoPekkoAndNothingAboveThem() {
        noClasses()
                .that()
                .resideInAnyPackage(TOPOLOGY, EVALUATORS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.pekko..", ACTORS, RUNTIME)
                .check(classes);
    }

    @Test
    void actorsKnowNoRuntime() {
        noClasses()
                .that()
                .resideInAPackage(ACTORS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(RUNTIME, EVALUATORS)
                .check(classes);
    }

    @Test
    void enginesKnowNeitherMembersNorThePlatform() {
        noClasses()
                .that()
                .resideInAnyPackage(ENGINES)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(new String[] {NODE}, PLATFORM, SERVER, CLI))
                .check(classes);
    }

    @Test
    void theNodeKnowsNoPlatformServerOrCli() {
        noClasses()
                .that()
                .resideInAPackage(NODE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(PLATFORM, SERVER, CLI))
                .check(classes);
    }

    @Test
    void thePlatformRunsWithoutAClusterMember() {
        // jobs, RAG and judges reach the cluster only through the GenerationBackend port
        noClasses()
                .that()
                .resideInAnyPackage(PLATFORM)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(new String[] {NODE}, SERVER, CLI))
                .check(classes);
    }

    @Test
    void theServerKnowsNoCli() {
        noClasses()
                .that()
                .resideInAnyPackage(SERVER)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(CLI)
                .check(classes);
    }

    @Test
    void onlyTheCliKnowsPicocliAndLogback() {
        noClasses()
                .that()
                .resideOutsideOfPackages(CLI)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("picocli..", "ch.qos.logback..")
                .check(classes);
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
