package io.spear.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the whole harness in quick mode so that it never rots: every figure must be produced. The
 * figures' values are not checked (timings on a shared machine are not test assertions); the full
 * run, ./bench/run, reports them against their targets.
 */
class QuickBenchmarkTest {

  @Test
  @Timeout(600)
  void theQuickRunProducesEveryFigure() {
    Path root = BenchOptions.findRepoRoot(Path.of(""));
    BenchOptions options =
        new BenchOptions(
            true, root, root.resolve("spear-bench/target/bench-quick"), Optional.empty(), Set.of());
    Report report = new Harness(options, new Log(System.out)).run();

    List<String> ids = report.figures().stream().map(Figure::id).toList();
    assertThat(ids).containsExactlyElementsOf(Harness.FIGURE_IDS);
    assertThat(report.figures())
        .allSatisfy(
            f -> {
              assertThat(f.produced()).as("%s produced a number", f.id()).isTrue();
              assertThat(f.ours()).as("%s ours", f.id()).isNotBlank();
              assertThat(f.reference()).as("%s reference", f.id()).isNotBlank();
              assertThat(f.target()).as("%s target", f.id()).isNotBlank();
            });
    String markdown = report.markdown();
    assertThat(markdown).contains("| Figure | Ours |").contains(report.machine().cpu());
    assertThat(report.took()).isPositive().isLessThan(Duration.ofHours(1));
  }
}
