package io.spear.runtime.wasm.fs;

import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

/** One confined host directory; its paths wrap host paths, which always stay absolute. */
final class ConfinedFileSystem extends FileSystem {

  private final Path root;
  private final boolean writable;
  private final ConfinedFileSystemProvider provider;

  ConfinedFileSystem(Path root, boolean writable) {
    this.root = root;
    this.writable = writable;
    this.provider = new ConfinedFileSystemProvider(root.getFileSystem().provider());
  }

  ConfinedPath root() {
    return new ConfinedPath(this, root);
  }

  Path hostRoot() {
    return root;
  }

  boolean writable() {
    return writable;
  }

  ConfinedPath wrap(Path host) {
    return new ConfinedPath(this, host);
  }

  @Override
  public ConfinedFileSystemProvider provider() {
    return provider;
  }

  @Override
  public void close() {}

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public boolean isReadOnly() {
    return !writable;
  }

  @Override
  public String getSeparator() {
    return root.getFileSystem().getSeparator();
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    return List.of(root());
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return List.of();
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return root.getFileSystem().supportedFileAttributeViews();
  }

  @Override
  public Path getPath(String first, String... more) {
    return wrap(root.getFileSystem().getPath(first, more));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher host = root.getFileSystem().getPathMatcher(syntaxAndPattern);
    return path -> path instanceof ConfinedPath p && host.matches(p.host());
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    throw new UnsupportedOperationException("no user principals in a confined directory");
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException("no watching in a confined directory");
  }
}
