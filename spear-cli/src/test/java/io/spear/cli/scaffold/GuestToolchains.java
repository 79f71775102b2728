package io.spear.cli.scaffold;

import io.spear.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Rust and AssemblyScript toolchains the templates' build scripts use, found the way those
 * scripts find them; a test without them skips (or fails on CI, which installs them).
 */
final class GuestToolchains {
  private GuestToolchains() {}

  /** Skips the calling test unless a rustc with a WASI standard library and cargo are here. */
  static void requireRust(Path scratch) throws IOException, InterruptedException {
    ExternalTools.require(
        hasWasiStd(scratch, "rustc") || hasWasiStd(scratch, "/usr/bin/rustc"),
        "Rust for wasm32-wasi (rustc cargo libstd-rust-dev-wasm32)");
  }

  private static boolean hasWasiStd(Path scratch, String rustc)
      throws IOException, InterruptedException {
    Clang.Result sysroot;
    try {
      sysroot = Clang.run(scratch, List.of(rustc, "--print", "sysroot"));
    } catch (IOException e) {
      return false; // not on the PATH
    }
    if (sysroot.exitCode() != 0) {
      return false;
    }
    Path rustlib = Path.of(sysroot.output().strip(), "lib", "rustlib");
    return Files.isDirectory(rustlib.resolve("wasm32-wasip1"))
        || Files.isDirectory(rustlib.resolve("wasm32-wasi"));
  }

  /** Skips the calling test unless asc and the WASI shim are in the npm cache. */
  static void requireAssemblyScript() {
    Path modules = npmCache().resolve("node_modules");
    ExternalTools.require(
        Files.isExecutable(modules.resolve(".bin/asc"))
            && Files.isDirectory(modules.resolve("@assemblyscript/wasi-shim")),
        "AssemblyScript (assemblyscript, @assemblyscript/wasi-shim in " + modules + ")");
  }

  /** Where .ci/install-npm-tools installs npm packages, as the AssemblyScript build.sh reads it. */
  static Path npmCache() {
    String configured = System.getenv("SPEAR_NPM_CACHE");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "spear-npm");
  }
}
