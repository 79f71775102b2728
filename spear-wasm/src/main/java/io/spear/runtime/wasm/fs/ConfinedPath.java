package io.spear.runtime.wasm.fs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/**
 * A host path seen through a {@link ConfinedFileSystem}: every operation delegates and re-wraps.
 */
final class ConfinedPath implements Path {

  private final ConfinedFileSystem fileSystem;
  private final Path host;

  ConfinedPath(ConfinedFileSystem fileSystem, Path host) {
    this.fileSystem = fileSystem;
    this.host = host;
  }

  Path host() {
    return host;
  }

  private ConfinedPath wrap(Path path) {
    return path == null ? null : fileSystem.wrap(path);
  }

  private Path unwrap(Path other) {
    if (other instanceof ConfinedPath p && p.fileSystem == fileSystem) {
      return p.host;
    }
    throw new ProviderMismatchException("not a path of this confined directory: " + other);
  }

  @Override
  public ConfinedFileSystem getFileSystem() {
    return fileSystem;
  }

  @Override
  public boolean isAbsolute() {
    return host.isAbsolute();
  }

  @Override
  public Path getRoot() {
    return wrap(host.getRoot());
  }

  @Override
  public Path getFileName() {
    return wrap(host.getFileName());
  }

  @Override
  public Path getParent() {
    return wrap(host.getParent());
  }

  @Override
  public int getNameCount() {
    return host.getNameCount();
  }

  @Override
  public Path getName(int index) {
    return wrap(host.getName(index));
  }

  @Override
  public Path subpath(int beginIndex, int endIndex) {
    return wrap(host.subpath(beginIndex, endIndex));
  }

  @Override
  public boolean startsWith(Path other) {
    return other instanceof ConfinedPath p && p.fileSystem == fileSystem && host.startsWith(p.host);
  }

  @Override
  public boolean endsWith(Path other) {
    return other instanceof ConfinedPath p && p.fileSystem == fileSystem && host.endsWith(p.host);
  }

  @Override
  public Path normalize() {
    return wrap(host.normalize());
  }

  @Override
  public Path resolve(Path other) {
    return wrap(host.resolve(unwrap(other)));
  }

  @Override
  public Path relativize(Path other) {
    return wrap(host.relativize(unwrap(other)));
  }

  @Override
  public URI toUri() {
    throw new UnsupportedOperationException("a confined path has no URI");
  }

  @Override
  public Path toAbsolutePath() {
    return isAbsolute() ? this : wrap(fileSystem.hostRoot().resolve(host));
  }

  @Override
  public Path toRealPath(LinkOption... options) throws IOException {
    return wrap(fileSystem.provider().confined(this, true).toRealPath(options));
  }

  @Override
  public WatchKey register(
      WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
    throw new UnsupportedOperationException("no watching in a confined directory");
  }

  @Override
  public int compareTo(Path other) {
    return host.compareTo(unwrap(other));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConfinedPath p && p.fileSystem == fileSystem && p.host.equals(host);
  }

  @Override
  public int hashCode() {
    return Objects.hash(System.identityHashCode(fileSystem), host);
  }

  @Override
  public String toString() {
    return host.toString();
  }
}
