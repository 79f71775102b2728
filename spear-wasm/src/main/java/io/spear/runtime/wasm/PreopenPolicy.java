package io.spear.runtime.wasm;

import io.spear.model.error.InvalidConfigurationException;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.NodeSecurity.PreopenRule;
import io.spear.runtime.wasm.fs.ConfinedDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host directories reach a guest only where the node's operator allowed them ({@code
 * sandbox.preopen_allow}): a task's {@code wasi.preopen} may name an allowed directory or one
 * inside it, compared after symbolic links are resolved, and nothing else. The guest sees each
 * through a {@link ConfinedDirectory}: it cannot leave it by links, and cannot write it unless the
 * rule says {@code writable}.
 */
final class PreopenPolicy {

  private static final Logger LOG = LoggerFactory.getLogger(PreopenPolicy.class);

  private PreopenPolicy() {}

  /**
   * A view of each requested host directory, confined to it and writable only where the rule
   * allowing it says so, once every one is found within an allowed directory.
   */
  static Map<String, Path> check(Map<String, Path> requested, List<PreopenRule> allowed) {
    Map<String, Path> views = new LinkedHashMap<>();
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
          if (rule.isEmpty()) {
            throw refused(host, allowed);
          }
          if (!Files.isDirectory(real)) {
            throw new InvalidConfigurationException(
                "Task config "
                    + InstanceConfig.WASI_PREOPEN
                    + " names host path "
                    + host
                    + ", which is not a directory");
          }
          views.put(guest, view(guest, real, rule.get().writable()));
        });
    return views;
  }

  /**
   * The same answer whether the directory is missing or outside every allowed one, and without the
   * allowed ones (a caller learns neither the host's directories nor the node's config); the node's
   * log says which.
   */
  private static InvalidConfigurationException refused(Path host, List<PreopenRule> allowed) {
    LOG.info(
        "{} refused {}: {} (sandbox.preopen_allow: {})",
        InstanceConfig.WASI_PREOPEN,
        host,
        Files.isDirectory(host) ? "not within an allowed directory" : "no such directory",
        allowed.isEmpty() ? "none" : allowed.stream().map(r -> r.path().toString()).toList());
    return new InvalidConfigurationException(
        "Task config "
            + InstanceConfig.WASI_PREOPEN
            + " names host directory "
            + host
            + ", which this node does not allow"
            + (allowed.isEmpty()
                ? " (its sandbox.preopen_allow lists none)"
                : " (or which does not exist); see sandbox.preopen_allow in the node's config"));
  }

  private static Path view(String guest, Path real, boolean writable) {
    try {
      return ConfinedDirectory.of(real, writable);
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          "Task config "
              + InstanceConfig.WASI_PREOPEN
              + " maps "
              + guest
              + " to a host directory that cannot be opened: "
              + e.getMessage());
    }
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
