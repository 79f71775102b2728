package io.spear.runtime.wasm;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import io.spear.support.fs.PrivateDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chicory's compiled classes of each module, kept on disk by module digest, so that a restarted
 * node loads them instead of compiling again (compiling is most of a first invocation's cost).
 *
 * <p>Entries live in a folder per Chicory version, since generated classes call into the engine's
 * runtime, and per shape of our changes to them ({@link CompiledClasses}). The folder is created
 * private to the user (it holds code the JVM loads). Writes go to a temporary file moved into
 * place, so readers never see half an entry. Failures to read or write the cache never fail a
 * compilation: it is only an optimisation.
 */
final class CompiledCodeCache implements Cache {

  private static final Logger LOG = LoggerFactory.getLogger(CompiledCodeCache.class);

  private final Path dir;

  private CompiledCodeCache(Path dir) {
    this.dir = dir;
  }

  /**
   * A cache under {@code root}, or empty when the engine's version is unknown or it is unusable.
   */
  static Optional<CompiledCodeCache> under(Path root) {
    Optional<String> version = chicoryVersion();
    if (version.isEmpty()) {
      LOG.warn("Chicory's version is unknown; compiled modules are not cached on disk");
      return Optional.empty();
    }
    Path dir = root.resolve("chicory-" + version.get() + "-" + CompiledClasses.SHAPE);
    try {
      return Optional.of(new CompiledCodeCache(PrivateDirectories.create(dir)));
    } catch (IOException e) {
      LOG.warn("cannot use {} for compiled modules: {}", dir, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public byte[] get(String key) {
    Path entry = entry(key);
    try {
      return Files.readAllBytes(entry);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.warn("cannot read compiled module {}: {}", entry, e.toString());
      return null;
    }
  }

  @Override
  public void putIfAbsent(String key, byte[] data) {
    Path entry = entry(key);
    if (Files.exists(entry)) {
      return;
    }
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, ".entry", ".tmp");
      Files.write(temp, data);
      Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (FileAlreadyExistsException | AccessDeniedException e) {
      // Another runtime published it first.
    } catch (IOException e) {
      LOG.warn("cannot store compiled module {}: {}", entry, e.toString());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // A stray temporary file is harmless; the next start leaves it be.
        }
      }
    }
  }

  /** Drops an entry that failed to load, so the next compilation replaces it. */
  void evict(String key) {
    try {
      Files.deleteIfExists(entry(key));
    } catch (IOException e) {
      LOG.warn("cannot remove compiled module {}: {}", entry(key), e.toString());
    }
  }

  Path dir() {
    return dir;
  }

  // Keys are "algorithm:base64"; file names keep only characters safe everywhere.
  private Path entry(String key) {
    StringBuilder name = new StringBuilder(key.length() + 4);
    for (char c : key.toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        name.append(c);
      } else if (c == '+') {
        name.append('-');
      } else if (c == '/') {
        name.append('_');
      } else if (c == ':') {
        name.append('.');
      }
    }
    return dir.resolve(name.append(".jar").toString());
  }

  private static Optional<String> chicoryVersion() {
    try (InputStream in =
        MachineFactoryCompiler.class.getResourceAsStream(
            "/META-INF/maven/com.dylibso.chicory/compiler/pom.properties")) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      return Optional.ofNullable(properties.getProperty("version"))
          .filter(v -> v.matches("[A-Za-z0-9._-]+"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
