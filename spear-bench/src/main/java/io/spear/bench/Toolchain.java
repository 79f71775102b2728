package io.spear.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The external tools the references need: clang (native and WASM builds of the kernels), Node.js
 * (V8 and node:wasi) and wrk (HTTP load). A missing tool fails the run with what to do about it.
 */
final class Toolchain {

  static final String INSTALL_HINT =
      "run .ci/run (or ./bench/run), which installs clang lld wasi-libc libclang-rt-14-dev-wasm32"
          + " wrk from Debian when they are missing";

  private final Path clang;
  private final Path node;
  private final Path wrk;
  private final Path workDir;

  private Toolchain(Path clang, Path node, Path wrk, Path workDir) {
    this.clang = clang;
    this.node = node;
    this.wrk = wrk;
    this.workDir = workDir;
  }

  /**
   * Finds every tool on the PATH.
   *
   * @throws IllegalStateException naming each missing tool and how to install it
   */
  static Toolchain locate(Path workDir) {
    List<String> missing = new ArrayList<>();
    Optional<Path> clang = onPath("clang");
    Optional<Path> node = onPath("node");
    Optional<Path> wrk = onPath("wrk");
    clang.ifPresentOrElse(p -> {}, () -> missing.add("clang"));
    node.ifPresentOrElse(p -> {}, () -> missing.add("node (Node.js)"));
    wrk.ifPresentOrElse(p -> {}, () -> missing.add("wrk"));
    if (!Files.isRegularFile(Path.of("/usr/lib/wasm32-wasi/libc.a"))
        && !Files.isRegularFile(Path.of("/usr/lib/wasm32-wasi/crt1.o"))) {
      missing.add("wasi-libc (/usr/lib/wasm32-wasi)");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "benchmark tools missing: " + String.join(", ", missing) + "; " + INSTALL_HINT);
    }
    return new Toolchain(clang.get(), node.get(), wrk.get(), workDir);
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  Path node() {
    return node;
  }

  Path wrk() {
    return wrk;
  }

  /** One line describing the tools' versions, for the report header. */
  String versions() {
    String clangVersion = firstLine(run(List.of(clang.toString(), "--version"), 30));
    String nodeVersion = firstLine(run(List.of(node.toString(), "--version"), 30));
    String wrkVersion = firstLine(runMerged(List.of(wrk.toString(), "-v"), 30));
    return clangVersion + "; Node.js " + nodeVersion + "; " + wrkVersion;
  }

  /**
   * Builds a C kernel natively ({@code clang -O2}) with the timing driver calling its main.
   *
   * @return the executable
   */
  Path buildNative(Path source, Path driver) {
    Path dir = dir("native");
    String name = baseName(source);
    Path kernelObject = dir.resolve(name + ".o");
    Path driverObject = dir.resolve("native_driver.o");
    Path binary = dir.resolve(name);
    run(
        List.of(
            clang.toString(),
            "-O2",
            "-Dmain=spear_kernel_main",
            "-c",
            source.toString(),
            "-o",
            kernelObject.toString()),
        120);
    run(
        List.of(clang.toString(), "-O2", "-c", driver.toString(), "-o", driverObject.toString()),
        120);
    run(
        List.of(
            clang.toString(),
            "-O2",
            kernelObject.toString(),
            driverObject.toString(),
            "-o",
            binary.toString()),
        120);
    return binary;
  }

  /**
   * Builds a C kernel to WebAssembly ({@code clang --target=wasm32-wasi -O2}), as the corpus does.
   *
   * @return the module
   */
  Path buildWasm(Path source) {
    Path out = dir("wasm").resolve(baseName(source) + ".c.wasm");
    run(
        List.of(
            clang.toString(),
            "--target=wasm32-wasi",
            "-O2",
            "-Wl,--strip-all",
            source.toString(),
            "-o",
            out.toString()),
        120);
    return out;
  }

  /** Runs a command and returns its stdout; fails with its stderr on a non-zero exit. */
  String run(List<String> command, long timeoutSeconds) {
    return exec(command, timeoutSeconds, false);
  }

  /** Runs a command with stderr merged into the returned stdout. */
  String runMerged(List<String> command, long timeoutSeconds) {
    return exec(command, timeoutSeconds, true);
  }

  /** Starts a command in the background, stdout and stderr to files in the work dir. */
  Process start(List<String> command, String logName) {
    try {
      Path logs = dir("logs");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(logs.resolve(logName + ".out").toFile())
              .redirectError(logs.resolve(logName + ".err").toFile());
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Waits for a process started with {@link #start} and returns its stdout. */
  String await(Process process, String logName, long timeoutSeconds) {
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(logName + " did not finish in " + timeoutSeconds + " s");
      }
      Path logs = dir("logs");
      String out = Files.readString(logs.resolve(logName + ".out"), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        String err = Files.readString(logs.resolve(logName + ".err"), StandardCharsets.UTF_8);
        throw new IllegalStateException(
            logName + " exited " + process.exitValue() + ": " + tail(err) + tail(out));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while waiting for " + logName, e);
    }
  }

  private String exec(List<String> command, long timeoutSeconds, boolean merge) {
    Path out = null;
    Path err = null;
    try {
      Path logs = dir("logs");
      out = Files.createTempFile(logs, "cmd", ".out");
      err = Files.createTempFile(logs, "cmd", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectErrorStream(merge);
      if (!merge) {
        builder.redirectError(err.toFile());
      }
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "command did not finish in " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0 && !merge) {
        throw new IllegalStateException(
            "command exited "
                + process.exitValue()
                + ": "
                + String.join(" ", command)
                + "\n"
                + tail(Files.readString(err, StandardCharsets.UTF_8)));
      }
      return stdout;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** A folder under the work dir, created when missing. */
  Path dir(String name) {
    try {
      return Files.createDirectories(workDir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one number per line (nanoseconds). */
  static long[] nanosPerLine(String output) {
    return output
        .lines()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong)
        .toArray();
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // A leftover temp file in the work dir is harmless.
      }
    }
  }

  private static String baseName(Path source) {
    String file = source.getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot < 0 ? file : file.substring(0, dot);
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("").strip();
  }

  private static String tail(String text) {
    return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
  }
}
