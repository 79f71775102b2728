package io.spear.runtime.wasm;

import io.spear.model.error.InvalidConfigurationException;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.NodeSecurity.PreopenRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Host directories reach a guest only where the node's operator allowed them ({@code
 * sandbox.preopen_allow}): a task's {@code wasi.preopen} may name an allowed directory or one
 * inside it, compared after symbolic links are resolved, and nothing else.
 */
final class PreopenPolicy {

  private PreopenPolicy() {}

  /** {@code requested}, unchanged, once every host directory is found within an allowed one. */
  static Map<String, Path> check(Map<String, Path> requested, List<PreopenRule> allowed) {
    requested.forEach(
        (guest, host) -> {
          Path real = realPath(host).orElse(null);
          Optional<PreopenRule> rule =
              allowed.stream()
                  .filter(
                      r -> {
                        Optional<Path> root = realPath(r.path());
                        return real != null && root.isPresent() && real.startsWith(root.get());
                      })
                  .findFirst();
          // Chicory's WASI has no read-only directories: refuse rather than hand out writes.
          if (rule.isPresent() && !rule.get().writable()) {
            throw new InvalidConfigurationException(
                "Task config "
                    + InstanceConfig.WASI_PREOPEN
                    + " names host directory "
                    + host
                    + ", which this node allows read-only; read-only directories are not"
                    + " supported yet (mark it writable: true in sandbox.preopen_allow)");
          }
          if (rule.isEmpty()) {
            throw new InvalidConfigurationException(
                "Task config "
                    + InstanceConfig.WASI_PREOPEN
                    + " names host directory "
                    + host
                    + ", which this node does not allow (its sandbox.preopen_allow lists "
                    + (allowed.isEmpty()
                        ? "none"
                        : String.join(
                            ", ", allowed.stream().map(r -> r.path().toString()).toList()))
                    + ")");
          }
        });
    return requested;
  }

  // A directory that does not exist is within nothing, and contains nothing.
  private static Optional<Path> realPath(Path path) {
    try {
      return Optional.of(path.toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
