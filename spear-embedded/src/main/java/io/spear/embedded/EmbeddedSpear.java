package io.spear.embedded;

import io.spear.client.InvocationAnswer;
import io.spear.client.SmsClient;
import io.spear.model.api.FileUploaded;
import io.spear.model.api.InvocationRequest;
import io.spear.model.api.TaskSpec;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole platform inside this JVM: an SMS and one node on free ports of {@code 127.0.0.1}, on a
 * data directory that outlives it or on a temporary one removed on {@link #close()}. Functions are
 * deployed and invoked through {@link #client()}, the same typed client a remote application uses,
 * or through the shortcuts here; guests run in this process on the node's runtime.
 *
 * <pre>{@code
 * try (EmbeddedSpear spear = EmbeddedSpear.startTemporary()) {
 *   String task = spear.deploy("hello", Path.of("hello.wasm"), List.of("world"));
 *   InvocationAnswer answer = spear.invoke(task, new byte[0]);
 * }
 * }</pre>
 */
public final class EmbeddedSpear implements AutoCloseable {

  private static final Duration NODE_ONLINE_WITHIN = Duration.ofSeconds(30);
  private static final Duration INVOKE_WAIT = Duration.ofSeconds(60);

  private final SmsServer sms;
  private final SpearletServer node;
  private final SmsClient client;
  private final Optional<Path> temporaryDir;

  private EmbeddedSpear(
      SmsServer sms, SpearletServer node, SmsClient client, Optional<Path> temporaryDir) {
    this.sms = sms;
    this.node = node;
    this.client = client;
    this.temporaryDir = temporaryDir;
  }

  /** Starts SMS and a node keeping their data in {@code dataDir}, which a later start reuses. */
  public static EmbeddedSpear start(Path dataDir) {
    return start(dataDir, Optional.empty());
  }

  /** Starts SMS and a node on a temporary data directory, deleted when this is closed. */
  public static EmbeddedSpear startTemporary() {
    try {
      Path dir = Files.createTempDirectory("spear-embedded-");
      return start(dir, Optional.of(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary data directory", e);
    }
  }

  private static EmbeddedSpear start(Path dataDir, Optional<Path> temporary) {
    SmsServer sms =
        SmsServer.start(
            SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
    SpearletServer node;
    try {
      SpearletConfig config =
          SpearletConfig.defaults().toBuilder()
              .smsHttpAddr(sms.httpAddr())
              .bindHost("127.0.0.1")
              .httpPort(0)
              .heartbeatInterval(Duration.ofSeconds(1))
              .build();
      node =
          SpearletServer.builder(
                  RuntimeConfig.of(config).withCompiledCodeCache(dataDir.resolve("compiled")))
              .start();
    } catch (RuntimeException e) {
      sms.close();
      throw e;
    }
    EmbeddedSpear spear = new EmbeddedSpear(sms, node, new SmsClient(sms.httpAddr()), temporary);
    try {
      spear.awaitNodeOnline();
    } catch (RuntimeException e) {
      spear.close();
      throw e;
    }
    return spear;
  }

  /** The typed client of this SMS. */
  public SmsClient client() {
    return client;
  }

  /** This SMS's base URL, for other clients (e.g. {@code http://127.0.0.1:41234}). */
  public String smsUrl() {
    return client.baseUrl();
  }

  /** The port of this node's own API ({@code /invoke/{task}}, {@code /functions/...}). */
  public int nodePort() {
    return node.port();
  }

  /**
   * Uploads a module and registers it as a WebAssembly task named {@code name}; answers the task
   * id.
   *
   * @throws IOException when the module cannot be read
   * @throws io.spear.client.ApiCallException when SMS refuses it
   */
  public String deploy(String name, Path module, List<String> args) throws IOException {
    FileUploaded file =
        client.uploadFile(module, module.getFileName().toString(), Optional.empty());
    Executable executable =
        new Executable(
            ExecutableType.WASM, file.uri(), name + ".wasm", file.sha256(), args, Map.of());
    return client.registerTask(TaskSpec.wasm(name, executable)).taskId();
  }

  /** Invokes a task once with {@code input} as its stdin and waits for the end. */
  public InvocationAnswer invoke(String taskId, byte[] input) {
    return client.invoke(InvocationRequest.of(taskId, input), INVOKE_WAIT);
  }

  // The node registers asynchronously; an invocation before it is online would find no node.
  private void awaitNodeOnline() {
    long deadline = System.nanoTime() + NODE_ONLINE_WITHIN.toNanos();
    while (client.listNodes().nodes().stream().noneMatch(n -> n.online())) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the embedded node did not come online");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting", e);
      }
    }
  }

  /** Stops the node, then SMS; removes a temporary data directory. */
  @Override
  public void close() {
    try {
      node.close();
    } finally {
      sms.close();
      temporaryDir.ifPresent(EmbeddedSpear::deleteTree);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless; the caller's work is done.
    }
  }
}
