package io.spear.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/**
 * The structure of the main code of every module (the CLI's test classpath holds them all): no
 * package cycles, a wire contract that depends on nothing of ours, host-call families that know no
 * engine.
 */
class ArchitectureTest {

  private static final String[] FAMILIES = {
    "io.spear.runtime.host..", "io.spear.host..", "io.spear.streams..", "io.spear.ai.."
  };

  private static final JavaClasses MAIN =
      new ClassFileImporter().withImportOption(new MainCodeOnly()).importPackages("io.spear");

  @Test
  void theImportSeesTheMainCodeOfEveryModule() {
    // A module missing from the classpath would make the rules below pass vacuously for it.
    for (String pkg :
        new String[] {
          "io.spear.model.api",
          "io.spear.support.concurrent",
          "io.spear.egress",
          "io.spear.runtime",
          "io.spear.runtime.wasm",
          "io.spear.host.basic",
          "io.spear.host.http",
          "io.spear.streams.rtasr",
          "io.spear.ai.chat",
          "io.spear.http",
          "io.spear.sms",
          "io.spear.client",
          "io.spear.spearlet",
          "io.spear.embedded",
          "io.spear.cli",
          "io.spear.bench",
          "io.spear.testing",
          "io.spear.testing.platform"
        }) {
      assertThat(MAIN.containPackage(pkg)).as(pkg).isTrue();
    }
    assertThat(MAIN.stream().filter(c -> c.getSimpleName().endsWith("Test"))).isEmpty();
  }

  @Test
  void noTwoPackagesDependOnEachOtherDirectlyOrInALoop() {
    slices().matching("io.spear.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void theWireContractDependsOnNothingElseOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("io.spear.model..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.spear..").and(not(resideInAPackage("io.spear.model.."))))
        .check(MAIN);
  }

  @Test
  void hostCallFamiliesNeverSeeTheEngine() {
    noClasses()
        .that()
        .resideInAnyPackage(FAMILIES)
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                "com.dylibso.chicory..", "io.spear.runtime.wasm..", "io.spear.runtime.artifact.."))
        .check(MAIN);
  }

  @Test
  void hostCallFamiliesNeverSeeTheServersThatComposeThem() {
    noClasses()
        .that()
        .resideInAnyPackage(FAMILIES)
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                "io.spear.sms..",
                "io.spear.spearlet..",
                "io.spear.http..",
                "io.spear.cli..",
                "io.spear.embedded.."))
        .check(MAIN);
  }

  /** Main classes only: neither test-classes directories nor the test jars modules share. */
  private static final class MainCodeOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
  }
}
