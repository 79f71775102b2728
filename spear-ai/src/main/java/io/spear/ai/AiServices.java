package io.spear.ai;

import io.micrometer.core.instrument.MeterRegistry;
import io.spear.ai.backend.ChatBackend;
import io.spear.ai.backend.OllamaChatBackend;
import io.spear.ai.backend.OpenAiChatBackend;
import io.spear.ai.backend.StubChatBackend;
import io.spear.ai.chat.CchatFamily;
import io.spear.ai.chat.McpToolCaller;
import io.spear.ai.config.BackendSpec;
import io.spear.ai.config.CredentialSpec;
import io.spear.ai.config.LlmConfig;
import io.spear.ai.mcp.McpSecrets;
import io.spear.ai.mcp.McpSessions;
import io.spear.ai.mcp.SmsMcpRegistry;
import io.spear.ai.realtime.RealtimeAsrRouter;
import io.spear.ai.routing.BackendInfo;
import io.spear.ai.routing.LlmRouter;
import io.spear.ai.routing.RoutedBackend;
import io.spear.egress.EgressPolicy;
import io.spear.streams.media.AsrConnector;
import io.spear.streams.media.MediaServices;
import io.spear.support.net.BearerToken;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's AI services built from its config: the LLM router and the MCP tool caller, offered to
 * the runtime as host-call families ({@link #chatFamily()}) and media services.
 */
public final class AiServices implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AiServices.class);

  private final LlmRouter router;
  private final AsrConnector asr;
  private final McpToolCaller mcp;
  private final AutoCloseable mcpCloser;
  private final HttpClient http; // null without backends

  private AiServices(
      LlmRouter router,
      AsrConnector asr,
      McpToolCaller mcp,
      AutoCloseable mcpCloser,
      HttpClient http) {
    this.router = router;
    this.asr = asr;
    this.mcp = mcp;
    this.mcpCloser = mcpCloser;
    this.http = http;
  }

  /**
   * Builds the services. A backend whose credential's environment variable is missing or empty is
   * dropped with a warning naming the variable (never its value).
   *
   * @param llm the {@code llm:} config
   * @param environment the process environment, for API keys
   * @param mcp the MCP tool caller, {@link McpToolCaller#none()} when MCP is off
   * @param mcpCloser closes the MCP sessions with the services
   * @param metrics where per-backend metrics go
   */
  public static AiServices start(
      LlmConfig llm,
      Map<String, String> environment,
      McpToolCaller mcp,
      AutoCloseable mcpCloser,
      MeterRegistry metrics) {
    // Without backends, no client: building one sets up TLS, a tenth of a second of a one-shot
    // `spear run`.
    HttpClient http =
        llm.backends().isEmpty()
            ? null
            : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    List<RoutedBackend> backends = new ArrayList<>();
    Map<String, String> keys = new java.util.HashMap<>();
    for (BackendSpec spec : llm.backends()) {
      Optional<String> key = Optional.empty();
      if (spec.credentialRef().isPresent()) {
        CredentialSpec credential =
            llm.credentials().stream()
                .filter(c -> c.name().equals(spec.credentialRef().get()))
                .findFirst()
                .orElseThrow();
        String value = environment.get(credential.apiKeyEnv());
        if (value == null || value.isBlank()) {
          LOG.warn(
              "LLM backend {} dropped: its credential {} needs environment variable {}, which is"
                  + " not set",
              spec.name(),
              credential.name(),
              credential.apiKeyEnv());
          continue;
        }
        key = Optional.of(value.trim());
        keys.put(spec.name(), key.get());
      }
      backends.add(new RoutedBackend(spec, backend(spec, key, http), key.isPresent()));
    }
    LOG.info(
        "LLM backends: {}",
        backends.isEmpty()
            ? "none"
            : String.join(", ", backends.stream().map(b -> b.spec().name()).toList()));
    LlmRouter router = new LlmRouter(backends, new Random(), InstantSource.system(), metrics);
    RealtimeAsrRouter asr =
        new RealtimeAsrRouter(
            backends.stream().map(RoutedBackend::spec).toList(), keys, http, new Random());
    return new AiServices(router, asr, mcp, mcpCloser, http);
  }

  /**
   * The services of a node: its backends, and the MCP servers registered on its SMS.
   *
   * @param config the node's AI settings
   * @param smsHttpAddr the SMS the node belongs to ({@code host:port})
   * @param metrics where per-backend and per-server metrics go
   */
  public static AiServices forNode(AiConfig config, String smsHttpAddr, MeterRegistry metrics) {
    return forNode(config, smsHttpAddr, BearerToken.NONE, metrics);
  }

  /** The services of a node that presents {@code smsToken} to its SMS. */
  public static AiServices forNode(
      AiConfig config, String smsHttpAddr, BearerToken smsToken, MeterRegistry metrics) {
    return forNode(config, smsHttpAddr, smsToken, EgressPolicy.NONE, McpSecrets.NONE, metrics);
  }

  /**
   * The services of a node as above whose streamable HTTP MCP servers are reached only through
   * {@code egress}, with the secrets of their headers from {@code secrets}.
   */
  public static AiServices forNode(
      AiConfig config,
      String smsHttpAddr,
      BearerToken smsToken,
      EgressPolicy egress,
      McpSecrets secrets,
      MeterRegistry metrics) {
    if (!config.mcpEnabled()) {
      return start(config.llm(), config.environment(), metrics);
    }
    HttpClient registryHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    McpSessions mcp =
        new McpSessions(
            new SmsMcpRegistry(
                smsHttpAddr, smsToken, registryHttp, config.mcpRefresh(), System::nanoTime),
            config.mcpProcesses(),
            config.environment(),
            egress,
            secrets,
            metrics);
    return start(
        config.llm(),
        config.environment(),
        mcp,
        () -> {
          mcp.close();
          registryHttp.close();
        },
        metrics);
  }

  /** Services with these backends and no MCP servers. */
  public static AiServices start(
      LlmConfig llm, Map<String, String> environment, MeterRegistry metrics) {
    return start(llm, environment, McpToolCaller.none(), () -> {}, metrics);
  }

  private static ChatBackend backend(BackendSpec spec, Optional<String> key, HttpClient http) {
    return switch (spec.kind()) {
      case "openai_chat_completion" -> new OpenAiChatBackend(spec.baseUrl(), key, http);
      case "ollama_chat" -> new OllamaChatBackend(spec.baseUrl(), http);
      case "stub" -> new StubChatBackend();
      // Listed with the others, routed only by RealtimeAsrRouter: it serves no chat operation.
      case "openai_realtime_ws" ->
          (request, model, timeout) -> {
            throw new io.spear.ai.backend.BackendException(
                spec.name() + " serves speech_to_text only");
          };
      default -> throw new IllegalArgumentException("unknown backend kind " + spec.kind());
    };
  }

  /** The {@code cchat_*} host calls over these backends and MCP servers. */
  public CchatFamily chatFamily() {
    return new CchatFamily(router, mcp);
  }

  /** Media services whose speech recognition goes to these backends. */
  public MediaServices media() {
    return MediaServices.none().withAsr(asr);
  }

  /** The usable backends, without secrets. */
  public List<BackendInfo> backends() {
    return router.backends().stream().map(RoutedBackend::info).toList();
  }

  @Override
  public void close() {
    try {
      mcpCloser.close();
    } catch (Exception e) {
      LOG.warn("closing MCP sessions failed: {}", e.toString());
    }
    if (http != null) {
      http.close();
    }
  }
}
