package io.spear.testing.platform;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.ai.AiConfig;
import io.spear.client.SmsClient;
import io.spear.model.json.Json;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.postgres.PostgresUrl;
import io.spear.spearlet.SpearletServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real platform for each test of the class that registers it: one SMS on SQLite (or replicas
 * sharing one PostgreSQL database) and as many Spearlets, all on free loopback ports, started
 * before the test and closed after it, whatever the test did.
 *
 * <pre>{@code @RegisterExtension final PlatformExtension platform = PlatformExtension.withNode();}
 * </pre>
 */
public final class PlatformExtension implements BeforeEachCallback, AfterEachCallback {

  private static final Duration HEARTBEAT = Duration.ofMillis(200);

  private final int replicas;
  private final int nodes;
  private final UnaryOperator<SmsConfig> smsTweak;
  private final UnaryOperator<SpearletConfig.Builder> nodeTweak;
  private final List<SmsServer> smsServers = new ArrayList<>();
  private final List<SpearletServer> spearlets = new ArrayList<>();
  private Path dataDir;

  private PlatformExtension(
      int replicas,
      int nodes,
      UnaryOperator<SmsConfig> smsTweak,
      UnaryOperator<SpearletConfig.Builder> nodeTweak) {
    this.replicas = replicas;
    this.nodes = nodes;
    this.smsTweak = smsTweak;
    this.nodeTweak = nodeTweak;
  }

  /** One SMS on SQLite, no node. */
  public static PlatformExtension smsOnly() {
    return new PlatformExtension(1, 0, UnaryOperator.identity(), UnaryOperator.identity());
  }

  /** One SMS on SQLite and one Spearlet registered with it (no LLM backend). */
  public static PlatformExtension withNode() {
    return smsOnly().nodes(1);
  }

  /**
   * {@code count} SMS replicas sharing a fresh PostgreSQL database; nodes register with the first.
   */
  public PlatformExtension replicasOnPostgres(int count) {
    return new PlatformExtension(count, nodes, smsTweak, nodeTweak);
  }

  /** {@code count} Spearlets. */
  public PlatformExtension nodes(int count) {
    return new PlatformExtension(replicas, count, smsTweak, nodeTweak);
  }

  /** Changes every SMS's configuration (after the test defaults: loopback, free port, data dir). */
  public PlatformExtension sms(UnaryOperator<SmsConfig> tweak) {
    return new PlatformExtension(replicas, nodes, c -> tweak.apply(smsTweak.apply(c)), nodeTweak);
  }

  /** Changes every Spearlet's configuration (after the test defaults). */
  public PlatformExtension node(UnaryOperator<SpearletConfig.Builder> tweak) {
    return new PlatformExtension(replicas, nodes, smsTweak, b -> tweak.apply(nodeTweak.apply(b)));
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("spear-platform-");
    try {
      SmsConfig config = smsTweak.apply(smsConfig());
      for (int i = 0; i < replicas; i++) {
        smsServers.add(SmsServer.start(config));
      }
      for (int i = 0; i < nodes; i++) {
        spearlets.add(startNode());
      }
      for (int i = 0; i < replicas; i++) {
        SmsClient client = client(i);
        eventually(() -> assertThat(client.listNodes().totalCount()).isEqualTo(nodes));
      }
    } catch (RuntimeException | Error e) {
      afterEach(context);
      throw e;
    }
  }

  private SmsConfig smsConfig() {
    SmsConfig config =
        SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir.resolve("sms"));
    if (replicas > 1) {
      config = config.withDatabase(Optional.of(PostgresUrl.parse(TestPostgres.newDatabase())));
    }
    return config;
  }

  private SpearletServer startNode() {
    SpearletConfig.Builder builder =
        SpearletConfig.defaults().toBuilder()
            .smsHttpAddr(smsServers.getFirst().httpAddr())
            .bindHost("127.0.0.1")
            .httpPort(0)
            .heartbeatInterval(HEARTBEAT);
    return SpearletServer.builder(RuntimeConfig.of(nodeTweak.apply(builder).build()))
        .ai(AiConfig.NONE)
        .start();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    spearlets.reversed().forEach(SpearletServer::close);
    spearlets.clear();
    smsServers.reversed().forEach(SmsServer::close);
    smsServers.clear();
    if (dataDir != null) {
      delete(dataDir);
      dataDir = null;
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(PlatformExtension::deleteOne);
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first SMS. */
  public SmsServer sms() {
    return sms(0);
  }

  /** SMS replica {@code index}. */
  public SmsServer sms(int index) {
    return smsServers.get(index);
  }

  /** The first Spearlet. */
  public SpearletServer spearlet() {
    return spearlet(0);
  }

  /** Spearlet {@code index}. */
  public SpearletServer spearlet(int index) {
    return spearlets.get(index);
  }

  /** The first SMS's base address, as a CLI's {@code --sms} takes it. */
  public String address() {
    return address(0);
  }

  /** SMS replica {@code index}'s base address. */
  public String address(int index) {
    return "http://127.0.0.1:" + sms(index).port();
  }

  /** A typed client of the first SMS. */
  public SmsClient client() {
    return client(0);
  }

  /** A typed client of SMS replica {@code index}. */
  public SmsClient client(int index) {
    return new SmsClient(address(index));
  }

  /** A plain HTTP client of SMS replica {@code index}. */
  public HttpTestClient http(int index) {
    return new HttpTestClient(sms(index).port());
  }

  /** A plain HTTP client of Spearlet {@code index}. */
  public HttpTestClient nodeHttp(int index) {
    return new HttpTestClient(spearlet(index).port());
  }

  /**
   * Uploads {@code module} through SMS replica {@code replica} and registers it as a wasm task
   * named {@code name} with {@code args}; answers the task id.
   */
  public String deploy(int replica, String name, byte[] module, List<String> args) {
    HttpTestClient http = http(replica);
    HttpTestClient.Answer file = http.post("/api/v1/files", module, Map.of());
    assertThat(file.status()).as(file.text()).isEqualTo(201);
    ObjectNode task = Json.mapper().createObjectNode().put("name", name);
    ObjectNode executable =
        task.putObject("executable")
            .put("type", "wasm")
            .put("uri", "sms+file://" + file.json().get("id").asText());
    args.forEach(executable.putArray("args")::add);
    HttpTestClient.Answer registered = http.postJson("/api/v1/tasks", task.toString());
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    return registered.json().get("task_id").asText();
  }

  /** A directory of this test's own, removed after it. */
  public Path dataDir() {
    return dataDir;
  }
}
