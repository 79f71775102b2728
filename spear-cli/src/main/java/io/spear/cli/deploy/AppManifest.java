package io.spear.cli.deploy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An app: a name and its functions, read from {@code spear.toml} (or YAML).
 *
 * @param app the app's name; deployed tasks carry it as metadata {@code spear.app}, which is how
 *     {@code --prune} knows what belongs to the app
 * @param functions the functions, each a task
 * @param baseDir the directory module paths are relative to
 */
public record AppManifest(String app, List<FunctionSpec> functions, Path baseDir) {

  /** Requires a name and unique, complete functions. */
  public AppManifest {
    if (app == null || app.isBlank()) {
      throw new IllegalArgumentException("the manifest needs an app name (app = \"...\")");
    }
    functions = functions == null ? List.of() : List.copyOf(functions);
    Set<String> names = new HashSet<>();
    for (FunctionSpec f : functions) {
      if (f.name() == null || f.name().isBlank()) {
        throw new IllegalArgumentException("every function needs a name");
      }
      if (f.module() == null || f.module().isBlank()) {
        throw new IllegalArgumentException("function '" + f.name() + "' needs a module");
      }
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("function '" + f.name() + "' appears twice");
      }
    }
  }

  /** The env of the function whose module is {@code module}, if one is. */
  public Optional<Map<String, String>> envOf(Path module) {
    Path wanted = module.toAbsolutePath().normalize();
    return functions.stream()
        .filter(f -> modulePath(f).equals(wanted))
        .map(FunctionSpec::env)
        .findFirst();
  }

  /** Where a function's module is. */
  public Path modulePath(FunctionSpec function) {
    return baseDir.resolve(function.module()).normalize();
  }
}
