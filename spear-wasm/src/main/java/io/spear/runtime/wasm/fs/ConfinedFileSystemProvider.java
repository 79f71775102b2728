package io.spear.runtime.wasm.fs;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks every operation of a {@link ConfinedFileSystem} before handing it to the host's provider
 * with the host path it resolved to.
 *
 * <p>Chicory's WASI checks a guest's path only for {@code ..} and follows symbolic links wherever
 * they point, so a guest that may create a link could otherwise reach any host file. Here each
 * operation resolves its path (links included) to a real host path and refuses it unless that lies
 * inside the directory. Between the check and the operation another guest sharing a writable
 * directory could swap a directory for a link; the final component is opened without following
 * links to narrow that window.
 */
final class ConfinedFileSystemProvider extends FileSystemProvider {

  private static final int MAX_LINKS = 40;
  private static final Set<OpenOption> WRITES =
      Set.of(
          StandardOpenOption.WRITE,
          StandardOpenOption.APPEND,
          StandardOpenOption.CREATE,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.DELETE_ON_CLOSE);

  private final FileSystemProvider host;

  ConfinedFileSystemProvider(FileSystemProvider host) {
    this.host = host;
  }

  /** The real host path that {@code path} names, refused unless it lies inside the directory. */
  Path confined(ConfinedPath path, boolean followFinal) throws IOException {
    ConfinedFileSystem fs = path.getFileSystem();
    Path root = fs.hostRoot();
    Path lexical = root.resolve(path.host()).normalize();
    for (int links = 0; links <= MAX_LINKS; links++) {
      if (!lexical.startsWith(root)) {
        throw outside(path);
      }
      if (lexical.equals(root)) {
        return root;
      }
      Path parent = realParent(lexical, path);
      Path resolved = parent.resolve(lexical.getFileName());
      if (!followFinal || !Files.isSymbolicLink(resolved)) {
        return resolved;
      }
      lexical = parent.resolve(Files.readSymbolicLink(resolved)).normalize();
    }
    throw new IOException("too many levels of symbolic links: " + path);
  }

  private static Path realParent(Path lexical, ConfinedPath path) throws IOException {
    Path root = path.getFileSystem().hostRoot();
    Path parent = lexical.getParent().toRealPath();
    if (!parent.startsWith(root)) {
      throw outside(path);
    }
    return parent;
  }

  private static AccessDeniedException outside(ConfinedPath path) {
    return new AccessDeniedException(path.toString(), null, "outside the preopened directory");
  }

  private static ConfinedPath of(Path path) {
    if (path instanceof ConfinedPath p) {
      return p;
    }
    throw new ProviderMismatchException("not a path of a confined directory: " + path);
  }

  private static void requireWritable(Path path) throws AccessDeniedException {
    if (!of(path).getFileSystem().writable()) {
      throw new AccessDeniedException(path.toString(), null, "read-only directory");
    }
  }

  private static boolean follows(LinkOption... options) {
    return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
  }

  private static Set<OpenOption> checkedOpen(Path path, Set<? extends OpenOption> options)
      throws AccessDeniedException {
    if (options.stream().anyMatch(WRITES::contains)) {
      requireWritable(path);
    }
    Set<OpenOption> opened = new HashSet<>(options);
    opened.add(LinkOption.NOFOLLOW_LINKS);
    return opened;
  }

  @Override
  public String getScheme() {
    return "spear-confined";
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException("confined directories are made by ConfinedDirectory");
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    throw new UnsupportedOperationException("confined directories have no URI");
  }

  @Override
  public Path getPath(URI uri) {
    throw new UnsupportedOperationException("confined directories have no URI");
  }

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    Set<OpenOption> opened = checkedOpen(path, options);
    return host.newByteChannel(
        confined(of(path), !options.contains(LinkOption.NOFOLLOW_LINKS)), opened, attrs);
  }

  @Override
  public FileChannel newFileChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    Set<OpenOption> opened = checkedOpen(path, options);
    return host.newFileChannel(
        confined(of(path), !options.contains(LinkOption.NOFOLLOW_LINKS)), opened, attrs);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(
      Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    ConfinedFileSystem fs = of(dir).getFileSystem();
    DirectoryStream<Path> entries =
        host.newDirectoryStream(confined(of(dir), true), p -> filter.accept(fs.wrap(p)));
    return new DirectoryStream<>() {
      @Override
      public Iterator<Path> iterator() {
        Iterator<Path> inner = entries.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return inner.hasNext();
          }

          @Override
          public Path next() {
            return fs.wrap(inner.next());
          }
        };
      }

      @Override
      public void close() throws IOException {
        entries.close();
      }
    };
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    requireWritable(dir);
    host.createDirectory(confined(of(dir), false), attrs);
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs)
      throws IOException {
    requireWritable(link);
    Path linkHost = confined(of(link), false);
    Path targetHost = of(target).host();
    Path root = of(link).getFileSystem().hostRoot();
    // A link pointing out would be refused when followed here, but other host processes would not.
    if (!linkHost.getParent().resolve(targetHost).normalize().startsWith(root)) {
      throw new AccessDeniedException(
          link.toString(), target.toString(), "link target outside the preopened directory");
    }
    host.createSymbolicLink(linkHost, targetHost, attrs);
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    requireWritable(link);
    host.createLink(confined(of(link), false), confined(of(existing), false));
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    Path linkHost = confined(of(link), false);
    Path target = host.readSymbolicLink(linkHost);
    return of(link).getFileSystem().wrap(linkHost.getParent().resolve(target).normalize());
  }

  @Override
  public void delete(Path path) throws IOException {
    requireWritable(path);
    host.delete(confined(of(path), false));
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    requireWritable(target);
    boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    host.copy(confined(of(source), follow), confined(of(target), false), options);
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    requireWritable(source);
    requireWritable(target);
    // Chicory asks for COPY_ATTRIBUTES, which the JDK refuses for a move; a rename keeps them.
    CopyOption[] moveOptions =
        Arrays.stream(options)
            .filter(o -> o != StandardCopyOption.COPY_ATTRIBUTES)
            .toArray(CopyOption[]::new);
    Path targetHost = confined(of(target), false);
    try {
      host.move(confined(of(source), false), targetHost, moveOptions);
    } catch (FileSystemException e) {
      throw precisely(e, target, targetHost);
    }
  }

  /**
   * The JDK reports rename(2)'s ENOTEMPTY as a bare FileSystemException, which WASI can only call
   * EIO; the state of the target tells which failure it was.
   */
  private static FileSystemException precisely(
      FileSystemException e, Path target, Path targetHost) {
    if (e.getClass() != FileSystemException.class
        || !Files.isDirectory(targetHost, LinkOption.NOFOLLOW_LINKS)) {
      return e;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(targetHost)) {
      if (entries.iterator().hasNext()) {
        return new DirectoryNotEmptyException(target.toString());
      }
    } catch (IOException unreadable) {
      e.addSuppressed(unreadable);
    }
    return e;
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    return host.isSameFile(confined(of(path), true), confined(of(path2), true));
  }

  @Override
  public boolean isHidden(Path path) throws IOException {
    return host.isHidden(confined(of(path), false));
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    return host.getFileStore(confined(of(path), true));
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    if (Arrays.asList(modes).contains(AccessMode.WRITE)) {
      requireWritable(path);
    }
    host.checkAccess(confined(of(path), true), modes);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    if (type != BasicFileAttributeView.class) {
      return null;
    }
    ConfinedPath confinedPath = of(path);
    boolean follow = follows(options);
    return (V)
        new BasicFileAttributeView() {
          @Override
          public String name() {
            return "basic";
          }

          @Override
          public BasicFileAttributes readAttributes() throws IOException {
            return host.readAttributes(
                confined(confinedPath, follow), BasicFileAttributes.class, options);
          }

          @Override
          public void setTimes(FileTime modified, FileTime access, FileTime create)
              throws IOException {
            requireWritable(confinedPath);
            host.getFileAttributeView(
                    confined(confinedPath, follow), BasicFileAttributeView.class, options)
                .setTimes(modified, access, create);
          }
        };
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    return host.readAttributes(confined(of(path), follows(options)), type, options);
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    return host.readAttributes(confined(of(path), follows(options)), attributes, options);
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    requireWritable(path);
    host.setAttribute(confined(of(path), follows(options)), attribute, value, options);
  }
}
