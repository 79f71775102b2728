package io.spear.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.json.SortedJson;
import io.spear.host.basic.BasicFamily;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.wasm.Guests;
import io.spear.runtime.wasm.WasmRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cchat_* ABI as a guest sees it, with an in-process router standing in for the backends (the
 * HTTP backends are tested end to end in spear-ai).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CchatAbiTest {

  private final List<ChatRequest> requests = new ArrayList<>();

  private WasmRuntime runtime(Function<ChatRequest, ChatReply> script) {
    ChatRouter router =
        request -> {
          synchronized (requests) {
            requests.add(request);
          }
          return script.apply(request);
        };
    return new WasmRuntime(
        Guests.config(Guests.NODE)
            .withFamilies(
                List.of(new BasicFamily(), new CchatFamily(router, McpToolCaller.none()))));
  }

  @Test
  void everyErrorPathReturnsSpearsErrno() {
    try (WasmRuntime runtime = runtime(r -> new ChatReply.Failed("", "unused"))) {
      ExecutionOutcome outcome =
          Guests.run(runtime, Guests.started(runtime, "chat_probe.c.wasm", "errors"));
      assertThat(outcome).isInstanceOf(Completed.class);
      Map<String, String> got = Guests.keyValues(outcome.output().stdoutText());
      assertThat(got)
          .containsEntry("session", "1000")
          .containsEntry("write_msg_bad_fd", "-9")
          .containsEntry("write_msg_bad_ptr", "-14")
          .containsEntry("write_msg_negative_len", "-14")
          .containsEntry("write_fn_bad_fd", "-9")
          .containsEntry("ctl_bad_cmd", "-22")
          .containsEntry("param_not_json", "-5")
          .containsEntry("param_empty_key", "-5")
          .containsEntry("param_bad_fd", "-9")
          .containsEntry("param_bad_len_ptr", "-14")
          .containsEntry("param_task_key", "-13")
          .containsEntry("param_mcp_enabled_not_bool", "-22")
          // the task config does not enable MCP
          .containsEntry("param_mcp_enabled", "-13")
          .containsEntry("param_mcp_servers_not_array", "-22")
          .containsEntry("param_mcp_servers", "-13")
          .containsEntry("param_ok", "0")
          .containsEntry("recv_on_session", "-9")
          .containsEntry("metrics_on_session", "-9")
          .containsEntry("recv_unknown", "-9")
          .containsEntry("send_unknown", "-9")
          .containsEntry("second_session", "1001")
          .containsEntry("close", "0")
          .containsEntry("close_again", "0")
          .containsEntry("close_unknown", "-9")
          .containsEntry("write_after_close", "-9")
          .containsEntry("send_after_close", "-9")
          // numbers are never reused
          .containsEntry("third_session", "1002");
      assertThat(requests).isEmpty();
    }
  }

  @Test
  void responseGainsSpearFieldAndIsCompactWithSortedKeys() {
    try (WasmRuntime runtime =
        runtime(
            r ->
                new ChatReply.Completed(
                    "scripted",
                    r.model(),
                    json(
                        "{\"model\":\"m-1\",\"choices\":[{\"message\":"
                            + "{\"role\":\"assistant\",\"content\":\"hi\"}}],\"id\":\"x\"}")))) {
      ExecutionOutcome outcome =
          Guests.run(
              runtime,
              Guests.started(
                  runtime,
                  "chat_probe.c.wasm",
                  "send",
                  "1",
                  "hello",
                  "{\"key\":\"model\",\"value\":\"m-1\"}",
                  "{\"key\":\"temperature\",\"value\":0.25}",
                  "{\"key\":\"timeout_ms\",\"value\":1500}"));
      Map<String, String> got = Guests.keyValues(outcome.output().stdoutText());
      String expected =
          "{\"_spear\":{\"backend\":\"scripted\",\"model\":\"m-1\"},\"choices\":[{\"message\":"
              + "{\"content\":\"hi\",\"role\":\"assistant\"}}],\"id\":\"x\",\"model\":\"m-1\"}";
      assertThat(got)
          .containsEntry("session", "1000")
          .containsEntry("response_fd", "1001")
          .containsEntry("recv_small", "-28")
          .containsEntry("needed", String.valueOf(expected.length()))
          .containsEntry("recv", String.valueOf(expected.length()))
          .containsEntry("response", expected)
          .containsEntry(
              "metrics", "{\"completion_tokens\":1,\"prompt_tokens\":1,\"total_tokens\":2}")
          .containsEntry("close_response", "0");
      ChatRequest request = requests.getFirst();
      assertThat(request.model()).isEqualTo("m-1");
      assertThat(request.timeout())
          .hasValueSatisfying(t -> assertThat(t.toMillis()).isEqualTo(1500));
      assertThat(SortedJson.string(request.extraParams())).isEqualTo("{\"temperature\":0.25}");
      assertThat(SortedJson.string(request.messages()))
          .isEqualTo("[{\"content\":\"hello\",\"role\":\"user\"}]");
      assertThat(request.requiredFeatures()).isEmpty();
      assertThat(outcome.output().logText())
          .contains("cchat_send fd=1000 backend=scripted model=m-1 ok");
    }
  }

  @Test
  void backendFailureIsAnErrorObjectInTheResponseNotANegativeReturn() {
    try (WasmRuntime runtime = runtime(r -> new ChatReply.Failed("b", "Runtime error: boom"))) {
      ExecutionOutcome outcome =
          Guests.run(runtime, Guests.started(runtime, "chat_probe.c.wasm", "send", "0", "hi"));
      Map<String, String> got = Guests.keyValues(outcome.output().stdoutText());
      assertThat(got)
          .containsEntry("response_fd", "1001")
          .containsEntry("response", "{\"error\":{\"message\":\"Runtime error: boom\"}}")
          .containsEntry("metrics", "{}");
    }
  }

  @Test
  void toolLoopCallsGuestFunctionsReentrantlyAndFeedsResultsBack() {
    try (WasmRuntime runtime =
        runtime(
            r -> {
              int round = r.messages().size();
              if (round == 1) {
                return toolCalls(
                    call("c1", "sum", "{\"a\":7,\"b\":35}"),
                    call("c2", "fail", "{}"),
                    call("c3", "shout", "{}"),
                    call("c4", "nope", "{}"));
              }
              return new ChatReply.Completed(
                  "scripted",
                  "m",
                  json(
                      "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"done\"}}]}"));
            })) {
      ExecutionOutcome outcome =
          Guests.run(
              runtime,
              Guests.started(
                  runtime,
                  "chat_probe.c.wasm",
                  "tools",
                  "add please",
                  "{\"key\":\"model\",\"value\":\"m\"}"));
      assertThat(outcome).isInstanceOf(Completed.class);
      Map<String, String> got = Guests.keyValues(outcome.output().stdoutText());
      assertThat(got).containsEntry("write_fn_sum", "0").containsEntry("response_fd", "1001");
      assertThat(got.get("response")).contains("\"content\":\"done\"").contains("\"_spear\"");
      assertThat(outcome.output().logText()).contains("[info] sum tool: a=7 b=35 cap=65536");
      assertThat(requests).hasSize(2);
      assertThat(requests.getFirst().requiredFeatures()).containsExactly("supports_tools");
      assertThat(requests.getFirst().tools()).hasSize(3);
      JsonNode second = requests.get(1).messages();
      assertThat(second).hasSize(6);
      assertThat(SortedJson.string(second.get(1)))
          .startsWith("{\"content\":null,\"role\":\"assistant\",\"tool_calls\":[{");
      assertThat(SortedJson.string(second.get(2)))
          .isEqualTo(
              "{\"content\":\"{\\\"sum\\\":42}\",\"role\":\"tool\",\"tool_call_id\":\"c1\"}");
      assertThat(second.get(3).get("content").asText())
          .isEqualTo("{\"error\":{\"code\":\"tool_exec_failed\",\"message\":\"tool rc: -7\"}}");
      assertThat(second.get(4).get("content").asText()).isEqualTo("A".repeat(100));
      assertThat(second.get(5).get("content").asText())
          .isEqualTo("{\"error\":{\"code\":\"unknown_tool\",\"message\":\"unknown tool: nope\"}}");
    }
  }

  @Test
  void toolLoopStopsAtTheIterationLimit() {
    try (WasmRuntime runtime = runtime(r -> toolCalls(call("c", "sum", "{\"a\":1,\"b\":2}")))) {
      ExecutionOutcome outcome =
          Guests.run(
              runtime,
              Guests.started(
                  runtime,
                  "chat_probe.c.wasm",
                  "tools",
                  "loop",
                  "{\"key\":\"max_iterations\",\"value\":3}"));
      Map<String, String> got = Guests.keyValues(outcome.output().stdoutText());
      assertThat(got.get("response"))
          .isEqualTo(
              "{\"error\":{\"code\":\"tool_call_limit\",\"message\":\"exceeded max_iterations\"}}");
      assertThat(requests).hasSize(3);
    }
  }

  @Test
  void toolLoopStopsAtTheToolCallLimit() {
    try (WasmRuntime runtime =
        runtime(r -> toolCalls(call("a", "sum", "{}"), call("b", "sum", "{}")))) {
      ExecutionOutcome outcome =
          Guests.run(
              runtime,
              Guests.started(
                  runtime,
                  "chat_probe.c.wasm",
                  "tools",
                  "loop",
                  "{\"key\":\"max_tool_calls\",\"value\":3}"));
      Map<String, String> got = Guests.keyValues(outcome.output().stdoutText());
      assertThat(got.get("response"))
          .isEqualTo(
              "{\"error\":{\"code\":\"tool_call_limit\",\"message\":"
                  + "\"exceeded max_total_tool_calls\"}}");
      assertThat(requests).hasSize(2);
    }
  }

  static ChatReply toolCalls(String... calls) {
    return new ChatReply.Completed(
        "scripted",
        "m",
        json(
            "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":["
                + String.join(",", calls)
                + "]}}]}"));
  }

  static String call(String id, String name, String arguments) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"function\",\"function\":{\"name\":\""
        + name
        + "\",\"arguments\":"
        + SortedJson.string(SortedJson.NODES.textNode(arguments))
        + "}}";
  }

  static JsonNode json(String text) {
    return SortedJson.parse(text).orElseThrow();
  }
}
