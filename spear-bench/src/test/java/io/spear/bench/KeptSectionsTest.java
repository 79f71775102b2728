package io.spear.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeptSectionsTest {

  private static final String GENERATED =
      "# Benchmarks\n\n| table |\n\n## How each figure is measured\n\nnotes\n";

  @Test
  void aRewriteKeepsAHandWrittenSectionOfThePreviousReport() {
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
  void everyHandWrittenSectionIsKeptInItsOrderAndGeneratedOnesAreReplaced() {
    String previous =
        "# B\n\n## How each figure is measured\n\nold notes\n\n## GraalWasm, measured\n\nkept\n"
            + "\n## Cold start, profiled\n\nalso kept\n";

    String written = BenchMain.keptSections(GENERATED, previous);

    assertThat(written)
        .startsWith(GENERATED)
        .doesNotContain("old notes")
        .endsWith("## GraalWasm, measured\n\nkept\n\n## Cold start, profiled\n\nalso kept\n");
  }

  @Test
  void withoutAHandWrittenSectionTheGeneratedReportIsWrittenAsIs() {
    assertThat(BenchMain.keptSections(GENERATED, "")).isEqualTo(GENERATED);
    assertThat(BenchMain.keptSections(GENERATED, GENERATED)).isEqualTo(GENERATED);
  }
}
