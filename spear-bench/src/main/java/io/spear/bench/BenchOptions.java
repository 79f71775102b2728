package io.spear.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a harness run is done.
 *
 * @param quick run every benchmark briefly (CI): checks that each figure is produced
 * @param repoRoot the repository root (kernel sources, node scripts)
 * @param workDir scratch space: built binaries, stores, logs
 * @param output the Markdown report to rewrite, if any
 * @param only the benchmark groups to run; empty means all but {@link #OPT_IN} (a partial run
 *     writes no report)
 */
record BenchOptions(
    boolean quick, Path repoRoot, Path workDir, Optional<Path> output, Set<String> only) {

  /** The benchmark groups, in run order. */
  static final List<String> GROUPS =
      List.of("compute", "graal", "invoke", "cold", "http", "ingest", "scale", "startup");

  /**
   * Groups a whole run leaves out: {@code graal} takes minutes (GraalWasm warms up for tens of
   * seconds per kernel on this machine) and measures a candidate engine, not the platform.
   */
  static final Set<String> OPT_IN = Set.of("graal");

  /** Whether a group runs: all but the opt-in ones do unless {@code --only} named some. */
  boolean runs(String group) {
    return only.isEmpty() ? !OPT_IN.contains(group) : only.contains(group);
  }

  /** Finds the repository root from {@code start} upwards: the folder holding spear-bench. */
  static Path findRepoRoot(Path start) {
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("spear-bench/src/main/c"))
          && Files.isDirectory(p.resolve("spear-corpus/src/main/c"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "cannot find the repository root (a folder with spear-bench and spear-corpus) above "
            + start.toAbsolutePath());
  }

  /** The spear-bench module folder. */
  Path benchModule() {
    return repoRoot.resolve("spear-bench");
  }

  /** Picks the quick or the full value. */
  int pick(int quickValue, int fullValue) {
    return quick ? quickValue : fullValue;
  }
}
