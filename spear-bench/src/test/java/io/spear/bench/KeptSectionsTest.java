package io.spear.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeptSectionsTest {

  private static final String GENERATED =
      "# Benchmarks\n\n| table |\n\n## How each figure is measured\n\nnotes\n";

  @Test
  void aRewriteKeepsTheHandWrittenGraalSectionOfThePreviousReport() {
    String previous =
        GENERATED.replace("| table |", "| old table |")
            + "\n## GraalWasm, measured\n\nfigures and the decision\n";

    String written = BenchMain.keptSections(GENERATED, previous);

    assertThat(written)
        .startsWith(GENERATED)
        .endsWith("\n## GraalWasm, measured\n\nfigures and the decision\n")
        .doesNotContain("old table");
  }

  @Test
  void aKeptSectionEndsAtTheNextHeading() {
    String previous = "# B\n\n## GraalWasm, measured\n\nkept\n\n## Something else\n\ndropped\n";

    String written = BenchMain.keptSections(GENERATED, previous);

    assertThat(written).contains("## GraalWasm, measured\n\nkept\n").doesNotContain("dropped");
  }

  @Test
  void withoutAHandWrittenSectionTheGeneratedReportIsWrittenAsIs() {
    assertThat(BenchMain.keptSections(GENERATED, "")).isEqualTo(GENERATED);
    assertThat(BenchMain.keptSections(GENERATED, GENERATED)).isEqualTo(GENERATED);
  }
}
