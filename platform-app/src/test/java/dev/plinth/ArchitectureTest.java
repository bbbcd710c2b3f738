package dev.plinth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module boundaries: vertical code (every {@code dev.plinth.*} package that is not the
 * core, the SPI, the app, the testkit or the integration tests) may use the core only through
 * {@code dev.plinth.spi}.
 */
class ArchitectureTest {

  static final String[] NOT_VERTICALS = {
    "dev.plinth.core..",
    "dev.plinth.spi..",
    "dev.plinth.app..",
    "dev.plinth.testkit..",
    "dev.plinth.it.."
  };

  static final ArchRule VERTICALS_USE_ONLY_THE_SPI =
      noClasses()
          .that()
          .resideInAPackage("dev.plinth..")
          .and()
          .resideOutsideOfPackages(NOT_VERTICALS)
          .and()
          .doNotHaveSimpleName("ArchitectureTest")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.plinth.core..", "dev.plinth.app..", "dev.plinth.testkit..")
          .because("verticals import only dev.plinth.spi from the core");

  @Test
  void verticalsDependOnTheCoreOnlyThroughTheSpi() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(location -> !location.contains("/dev/plinth/it/"))
            .withImportOption(location -> !location.contains("/dev/plinth/archfixture/"))
            // a vertical's own tests may use the testkit; its main code may not
            .withImportOption(location -> !location.contains("-tests.jar"))
            // the same tests as a directory, when Maven's reactor gives target/test-classes
            .withImportOption(
                location ->
                    !location.contains("/target/test-classes/")
                        || location.contains("/platform-app/target/test-classes/"))
            .importPackages("dev.plinth");
    // the rule is not vacuous: the real verticals are among the classes checked
    for (String module :
        new String[] {
          "dev.plinth.reservations.ReservationsModule",
          "dev.plinth.campaigns.CampaignsModule",
          "dev.plinth.tipjar.TipjarModule",
          "dev.plinth.analyses.AnalysesModule",
          "dev.plinth.credits.CreditsModule",
          "dev.plinth.events.EventsModule"
        }) {
      org.junit.jupiter.api.Assertions.assertTrue(
          classes.contain(module), module + " is not on the classpath the rule checks");
    }
    VERTICALS_USE_ONLY_THE_SPI.check(classes);
  }

  @Test
  void theRuleCatchesAViolation() {
    JavaClasses bad = new ClassFileImporter().importClasses(dev.plinth.archfixture.Violation.class);
    org.junit.jupiter.api.Assertions.assertThrows(
        AssertionError.class, () -> VERTICALS_USE_ONLY_THE_SPI.check(bad));
  }
}
