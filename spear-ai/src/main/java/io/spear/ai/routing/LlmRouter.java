package io.spear.ai.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spear.ai.backend.BackendException;
import io.spear.ai.chat.ChatReply;
import io.spear.ai.chat.ChatRequest;
import io.spear.ai.chat.ChatRouter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a backend for each chat request as SPEAR does, then calls it within the request's timeout
 * and the execution's deadline:
 *
 * <ol>
 *   <li>keep backends serving {@code chat_completions};
 *   <li>keep those with every required feature ({@code supports_tools} when tools are offered);
 *   <li>keep the one named by the {@code backend} param, if set;
 *   <li>if a model is requested and any candidate declares a model, keep exact matches (none is an
 *       error);
 *   <li>pick one by weighted random; a request without a model uses the backend's.
 * </ol>
 */
public final class LlmRouter implements ChatRouter {

  /** The operation chat requests need. */
  public static final String CHAT_COMPLETIONS = "chat_completions";

  private static final Duration DEADLINE_BACKSTOP = Duration.ofSeconds(1);
  private static final Duration MAX_CALL = Duration.ofDays(1);

  private static final Logger LOG = LoggerFactory.getLogger(LlmRouter.class);

  private final List<RoutedBackend> backends;
  private final RandomGenerator random;
  private final InstantSource clock;
  private final MeterRegistry metrics;

  /** A router over these backends. */
  public LlmRouter(
      List<RoutedBackend> backends,
      RandomGenerator random,
      InstantSource clock,
      MeterRegistry metrics) {
    this.backends = List.copyOf(backends);
    this.random = random;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** The backends requests can be routed to. */
  public List<RoutedBackend> backends() {
    return backends;
  }

  @Override
  public ChatReply complete(ChatRequest request) throws InterruptedException {
    RoutedBackend chosen;
    try {
      chosen = route(request);
    } catch (NoCandidate e) {
      return new ChatReply.Failed("", "Operation not supported: " + e.getMessage());
    }
    String name = chosen.spec().name();
    String model = request.model().trim();
    if (model.isEmpty()) {
      model = chosen.spec().model().orElse("");
    }
    Duration left = Duration.between(clock.instant(), request.deadline());
    // Bounded by the execution's deadline, the call is ended by the execution's own watchdog (a
    // timeout); the client's limit is only a backstop a little later, so that the two do not race
    // and hand the guest a backend error it could still act on past its deadline.
    Duration timeout =
        request.timeout().filter(t -> t.compareTo(left) < 0).orElse(left.plus(DEADLINE_BACKSTOP));
    if (timeout.compareTo(MAX_CALL) > 0) {
      timeout = MAX_CALL; // HttpClient works in milliseconds; "no limit" must not overflow
    }
    long start = System.nanoTime();
    try {
      JsonNode body = chosen.backend().complete(request, model, timeout);
      record(name, "ok", start);
      recordTokens(name, body.path("usage"));
      return new ChatReply.Completed(name, model, body);
    } catch (BackendException e) {
      record(name, "error", start);
      LOG.debug("backend {} failed: {}", name, e.getMessage());
      return new ChatReply.Failed(name, "Runtime error: " + e.getMessage());
    } catch (InterruptedException e) {
      record(name, "cancelled", start);
      throw e;
    }
  }

  private void record(String backend, String outcome, long startNanos) {
    Counter.builder("spear.llm.requests")
        .description("Chat requests sent to an LLM backend, by outcome")
        .tag("backend", backend)
        .tag("outcome", outcome)
        .register(metrics)
        .increment();
    Timer.builder("spear.llm.request.duration")
        .description("Time an LLM backend took to answer")
        .tag("backend", backend)
        .register(metrics)
        .record(Duration.ofNanos(System.nanoTime() - startNanos));
  }

  private void recordTokens(String backend, JsonNode usage) {
    for (String type : new String[] {"prompt", "completion"}) {
      JsonNode n = usage.path(type + "_tokens");
      if (n.isIntegralNumber() && n.asLong() > 0) {
        Counter.builder("spear.llm.tokens")
            .description("Tokens an LLM backend reported using")
            .tag("backend", backend)
            .tag("type", type)
            .register(metrics)
            .increment(n.asLong());
      }
    }
  }

  /** The backend a request goes to. */
  RoutedBackend route(ChatRequest request) throws NoCandidate {
    List<RoutedBackend> candidates = new ArrayList<>();
    for (RoutedBackend b : backends) {
      if (b.spec().ops().contains(CHAT_COMPLETIONS)
          && b.spec().features().containsAll(request.requiredFeatures())) {
        candidates.add(b);
      }
    }
    request.backend().ifPresent(name -> candidates.removeIf(b -> !b.spec().name().equals(name)));
    String model = request.model().trim();
    if (!model.isEmpty() && candidates.stream().anyMatch(b -> b.spec().model().isPresent())) {
      List<RoutedBackend> exact =
          candidates.stream().filter(b -> b.spec().model().equals(Optional.of(model))).toList();
      if (exact.isEmpty()) {
        TreeSet<String> available = new TreeSet<>();
        candidates.forEach(b -> b.spec().model().ifPresent(available::add));
        throw new NoCandidate(
            "no candidate backend for model="
                + quoted(model)
                + ": available_models="
                + list(available));
      }
      candidates.retainAll(exact);
    }
    if (candidates.isEmpty()) {
      throw new NoCandidate(
          "no candidate backend: op=ChatCompletions required_features="
              + list(request.requiredFeatures())
              + " required_transports=[] routing_backend="
              + request.backend().map(b -> "Some(" + quoted(b) + ")").orElse("None")
              + " backends="
              + list(backends.stream().map(this::describe).toList())
              + (backends.isEmpty()
                  ? " (this node has no llm: backend: add one under llm: in its --config YAML)"
                  : " (add a backend with these features under llm: in the node's --config YAML)"));
    }
    return weightedRandom(candidates);
  }

  private String describe(RoutedBackend b) {
    return b.spec().name()
        + "(ops="
        + b.spec().ops()
        + ", features="
        + b.spec().features()
        + ", model="
        + b.spec().model().orElse("")
        + ")";
  }

  private RoutedBackend weightedRandom(List<RoutedBackend> candidates) {
    long total = candidates.stream().mapToLong(b -> b.spec().weight()).sum();
    if (total <= 0) {
      return candidates.get(random.nextInt(candidates.size()));
    }
    long pick = random.nextLong(total);
    for (RoutedBackend b : candidates) {
      pick -= b.spec().weight();
      if (pick < 0) {
        return b;
      }
    }
    return candidates.getLast();
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String list(java.util.Collection<String> items) {
    return items.stream().map(LlmRouter::quoted).collect(Collectors.joining(", ", "[", "]"));
  }

  /** No backend fits a request. */
  static final class NoCandidate extends Exception {
    private static final long serialVersionUID = 1L;

    NoCandidate(String message) {
      super(message, null, false, false);
    }
  }
}
