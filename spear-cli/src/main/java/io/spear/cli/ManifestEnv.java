package io.spear.cli;

import io.spear.cli.deploy.AppManifest;
import io.spear.cli.deploy.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment {@code spear run} gives a module that an app manifest deploys: the manifest
 * function's {@code env}, then the command's {@code --env} over it, so that a project runs the same
 * with {@code spear run} as deployed.
 */
final class ManifestEnv {

  // How far above the module's directory a project's spear.toml may be (build/x.wasm: one).
  private static final int LEVELS = 3;

  private ManifestEnv() {}

  /** {@code given} over the env of the manifest function whose module is {@code module}. */
  static Map<String, String> of(Path module, Map<String, String> given) {
    Map<String, String> merged = new LinkedHashMap<>();
    manifestFor(module).ifPresent(merged::putAll);
    merged.putAll(given);
    return merged;
  }

  private static Optional<Map<String, String>> manifestFor(Path module) {
    Path target = module.toAbsolutePath().normalize();
    Path dir = target.getParent();
    for (int i = 0; dir != null && i <= LEVELS; i++, dir = dir.getParent()) {
      Optional<Map<String, String>> env = envIn(dir.resolve("spear.toml"), target);
      if (env.isPresent()) {
        return env;
      }
    }
    return envIn(Path.of("spear.toml").toAbsolutePath(), target);
  }

  private static Optional<Map<String, String>> envIn(Path manifest, Path module) {
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    try {
      AppManifest app = ManifestReader.read(manifest);
      return app.envOf(module);
    } catch (IOException | IllegalArgumentException e) {
      // A manifest that does not read is deploy's to report; a run does without its env.
      return Optional.empty();
    }
  }
}
