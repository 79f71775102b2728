package io.spear.ai;

import static io.spear.ai.ChatGuests.keyValues;
import static io.spear.ai.ChatGuests.param;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.json.SortedJson;
import io.spear.runtime.CancellationToken;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.testing.Eventually;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our chat guest against a scripted OpenAI-compatible server over real HTTP: what is sent, what the
 * guest reads back, errors, the tool loop, limits, the deadline and cancellation.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatCompletionEndToEndTest {

  private ScriptedLlmServer llm;
  private ChatGuests guests;

  @BeforeEach
  void start() throws Exception {
    llm = new ScriptedLlmServer();
  }

  @AfterEach
  void stop() {
    if (guests != null) {
      guests.close();
    }
    llm.close();
  }

  private ChatGuests guests(String extraBackendYaml) {
    guests =
        new ChatGuests(
            """
            credentials:
              - {name: scripted-key, kind: env, api_key_env: SCRIPTED_KEY}
            backends:
              - name: scripted
                kind: openai_chat_completion
                base_url: %s
                credential_ref: scripted-key
                ops: [chat_completions]
                features: [supports_tools]
            %s
            """
                .formatted(llm.baseUrl(), extraBackendYaml),
            Map.of("SCRIPTED_KEY", "sk-test-123"));
    return guests;
  }

  @Test
  void plainCompletionSendsTheSessionAndReturnsTheResponseWithSpearField() {
    llm.thenText("I am a scripted model.");
    ExecutionOutcome outcome =
        guests("")
            .probe(
                "send",
                "1",
                "Hi, what is your name?",
                param("model", "gpt-4o-mini"),
                param("timeout_ms", 30000),
                param("temperature", 0.5),
                param("max_completion_tokens", 64),
                param("response_format", Map.of("type", "json_object")),
                param("max_iterations", 3),
                param("tool_arena_len", 5));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    ScriptedLlmServer.Recorded request = llm.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.header("authorization")).isEqualTo("Bearer sk-test-123");
    assertThat(request.header("content-type")).isEqualTo("application/json");
    // structural params stay out of the body; every other param is copied verbatim
    assertThat(SortedJson.string(request.body()))
        .isEqualTo(
            "{\"max_completion_tokens\":64,\"messages\":[{\"content\":\"Hi, what is your name?\","
                + "\"role\":\"user\"}],\"model\":\"gpt-4o-mini\",\"response_format\":"
                + "{\"type\":\"json_object\"},\"temperature\":0.5}");

    Map<String, String> got = keyValues(outcome.output().stdoutText());
    assertThat(got).containsEntry("session", "1000").containsEntry("response_fd", "1001");
    JsonNode response = SortedJson.parse(got.get("response")).orElseThrow();
    assertThat(response.at("/choices/0/message/content").asText())
        .isEqualTo("I am a scripted model.");
    assertThat(got.get("response"))
        .contains("\"_spear\":{\"backend\":\"scripted\",\"model\":\"gpt-4o-mini\"}");
    assertThat(got.get("metrics"))
        .isEqualTo("{\"completion_tokens\":1,\"prompt_tokens\":1,\"total_tokens\":2}");
    assertThat(outcome.output().logText())
        .contains("cchat_send fd=1000 backend=scripted model=gpt-4o-mini ok");
    assertThat(outcome.output().logText()).doesNotContain("sk-test-123");
    assertThat(
            guests
                .metrics
                .counter("spear.llm.requests", "backend", "scripted", "outcome", "ok")
                .count())
        .isEqualTo(1.0);
    assertThat(
            guests
                .metrics
                .counter("spear.llm.tokens", "backend", "scripted", "type", "prompt")
                .count())
        .isEqualTo(12.0);
  }

  @Test
  void requestWithoutModelUsesTheBackendsModel() {
    llm.thenText("ok");
    ExecutionOutcome outcome =
        guests(
                """
                  - name: bound
                    kind: openai_chat_completion
                    base_url: %s
                    model: bound-model
                    weight: 1
                """
                    .formatted(llm.baseUrl()))
            .probe("send", "0", "hi", param("backend", "bound"));
    assertThat(llm.requests().getFirst().body().get("model").asText()).isEqualTo("bound-model");
    assertThat(llm.requests().getFirst().header("authorization")).isNull();
    assertThat(keyValues(outcome.output().stdoutText()).get("response"))
        .contains("\"_spear\":{\"backend\":\"bound\",\"model\":\"gpt-4o-mini\"}");
  }

  @Test
  void backendErrorStatusBecomesAnErrorObjectForTheGuest() {
    llm.then(
        500,
        "{\"error\":{\"type\":\"server_error\",\"code\":\"overloaded\",\"message\":\"try later\"}}");
    ExecutionOutcome outcome = guests("").probe("send", "0", "hi", param("model", "m"));
    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    assertThat(keyValues(outcome.output().stdoutText()).get("response"))
        .isEqualTo(
            "{\"error\":{\"message\":\"Runtime error: upstream status: 500: server_error:"
                + " overloaded: try later\"}}");
    assertThat(
            guests
                .metrics
                .counter("spear.llm.requests", "backend", "scripted", "outcome", "error")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void nonJsonAnswerAndUnreachableBackendAreErrorsToo() throws Exception {
    llm.then(200, "<html>not json</html>");
    String first =
        keyValues(guests("").probe("send", "0", "hi", param("model", "m")).output().stdoutText())
            .get("response");
    assertThat(first).startsWith("{\"error\":{\"message\":\"Runtime error: invalid_response");
    guests.close();
    guests = null;
    int deadPort;
    try (var socket = new java.net.ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    guests =
        new ChatGuests(
            "backends: [{name: gone, kind: openai_chat_completion, base_url: 'http://127.0.0.1:"
                + deadPort
                + "/v1'}]",
            Map.of());
    String second =
        keyValues(guests.probe("send", "0", "hi", param("model", "m")).output().stdoutText())
            .get("response");
    assertThat(second).startsWith("{\"error\":{\"message\":\"Runtime error: network_error");
  }

  @Test
  void noFittingBackendGivesSpearsRoutingError() {
    guests =
        new ChatGuests(
            "backends: [{name: plain, kind: openai_chat_completion, base_url: '"
                + llm.baseUrl()
                + "', model: only-this}]",
            Map.of());
    String wrongModel =
        keyValues(guests.probe("send", "0", "hi", param("model", "other")).output().stdoutText())
            .get("response");
    assertThat(wrongModel)
        .isEqualTo(
            "{\"error\":{\"message\":\"Operation not supported: no candidate backend for"
                + " model=\\\"other\\\": available_models=[\\\"only-this\\\"]\"}}");
    // tools need supports_tools, which this backend lacks
    String tools =
        keyValues(guests.probe("tools", "7 and 35").output().stdoutText()).get("response");
    assertThat(tools)
        .startsWith(
            "{\"error\":{\"message\":\"Operation not supported: no candidate backend: "
                + "op=ChatCompletions required_features=[\\\"supports_tools\\\"]");
    assertThat(llm.requests()).isEmpty();
  }

  @Test
  void backendWhoseKeyVariableIsMissingIsDropped() {
    guests =
        new ChatGuests(
            """
        credentials: [{name: k, kind: env, api_key_env: NOT_SET_ANYWHERE}]
        backends:
          - {name: keyed, kind: openai_chat_completion, base_url: 'http://127.0.0.1:9/v1', credential_ref: k}
          - {name: demo, kind: stub}
        """,
            Map.of());
    assertThat(guests.ai.backends()).extracting(b -> b.name()).containsExactly("demo");
    String response =
        keyValues(guests.probe("send", "0", "hello", param("model", "m")).output().stdoutText())
            .get("response");
    assertThat(response).contains("stub chat completion: hello").contains("\"backend\":\"demo\"");
  }

  @Test
  void toolLoopRunsTheGuestFunctionAndSendsItsResultBack() {
    llm.then(200, ScriptedLlmServer.toolCall("call_1", "sum", "{\"a\":7,\"b\":35}"))
        .thenText("The sum is 42.");
    ExecutionOutcome outcome =
        guests("").probe("tools", "Please call sum(a,b) for a=7 and b=35.", param("model", "m"));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    List<ScriptedLlmServer.Recorded> requests = llm.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).body().get("tools")).hasSize(3);
    JsonNode messages = requests.get(1).body().get("messages");
    assertThat(SortedJson.string(messages.get(1)))
        .isEqualTo(
            "{\"content\":null,\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"arguments\":"
                + "\"{\\\"a\\\":7,\\\"b\\\":35}\",\"name\":\"sum\"},\"id\":\"call_1\","
                + "\"type\":\"function\"}]}");
    assertThat(SortedJson.string(messages.get(2)))
        .isEqualTo(
            "{\"content\":\"{\\\"sum\\\":42}\",\"role\":\"tool\",\"tool_call_id\":\"call_1\"}");
    assertThat(requests.get(1).body().get("tools")).hasSize(3);
    // spear.log from inside the tool, while cchat_send was still running
    assertThat(outcome.output().logText()).contains("[info] sum tool: a=7 b=35 cap=65536");
    String response = keyValues(outcome.output().stdoutText()).get("response");
    assertThat(response).contains("The sum is 42.").contains("\"_spear\"");
  }

  @Test
  void toolLoopEndsWithToolCallLimitWhenTheModelNeverStops() {
    llm.then(200, ScriptedLlmServer.toolCall("c", "sum", "{\"a\":1,\"b\":1}"));
    ExecutionOutcome outcome =
        guests("").probe("tools", "loop", param("model", "m"), param("max_total_tool_calls", 2));
    assertThat(keyValues(outcome.output().stdoutText()).get("response"))
        .isEqualTo(
            "{\"error\":{\"code\":\"tool_call_limit\",\"message\":\"exceeded max_total_tool_calls\"}}");
    assertThat(llm.requests()).hasSize(3);
  }

  @Test
  void deadlineEndsAGuestWaitingOnASlowBackend() {
    CountDownLatch never = new CountDownLatch(1);
    llm.thenHeld(never, ScriptedLlmServer.completion("too late"));
    try {
      long start = System.nanoTime();
      ExecutionOutcome outcome =
          guests("")
              .run(
                  ExecutionContext.builder().withTimeout(java.time.Duration.ofMillis(700)).build(),
                  "send",
                  "0",
                  "hi",
                  param("model", "m"));
      assertThat(outcome).isInstanceOf(ExecutionOutcome.TimedOut.class);
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20));
    } finally {
      never.countDown();
    }
  }

  @Test
  void cancellingStopsAGuestWaitingOnTheBackend() {
    CountDownLatch never = new CountDownLatch(1);
    llm.thenHeld(never, ScriptedLlmServer.completion("too late"));
    try {
      CancellationToken token = new CancellationToken();
      ChatGuests g = guests("");
      CompletableFuture<ExecutionOutcome> running = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () ->
                  running.complete(
                      g.run(
                          ExecutionContext.builder().withCancellation(token).build(),
                          "send",
                          "0",
                          "hi",
                          param("model", "m"))));
      Eventually.eventually(() -> assertThat(llm.requests()).hasSize(1));
      token.cancel();
      assertThat(running.join()).isInstanceOf(ExecutionOutcome.Cancelled.class);
    } finally {
      never.countDown();
    }
  }
}
