package io.spear.ai;

import static io.spear.ai.ChatGuests.keyValues;
import static io.spear.ai.ChatGuests.param;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.json.SortedJson;
import io.spear.runtime.ExecutionOutcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our chat guest against a scripted server speaking Ollama's {@code /api/chat} protocol over real
 * HTTP: the request Ollama expects, its answer turned into a chat completion, and the tool loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OllamaChatEndToEndTest {

  private ScriptedLlmServer ollama;
  private ChatGuests guests;

  @BeforeEach
  void start() throws Exception {
    ollama = new ScriptedLlmServer();
    guests =
        new ChatGuests(
            """
            backends:
              - name: local-ollama
                kind: ollama_chat
                base_url: %s
                hosting: local
                features: [supports_tools]
            """
                .formatted(ollama.baseUrl()),
            Map.of());
  }

  @AfterEach
  void stop() {
    guests.close();
    ollama.close();
  }

  private static String answer(String message) {
    return "{\"model\":\"llama3.2\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":"
        + message
        + ",\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":26,\"eval_count\":9}";
  }

  @Test
  void plainCompletionIsSentAsAnOllamaChatAndReadBackAsAChatCompletion() {
    ollama.then(200, answer("{\"role\":\"assistant\",\"content\":\"Hello from Ollama.\"}"));

    ExecutionOutcome outcome =
        guests.probe("send", "1", "Hi!", param("model", "llama3.2"), param("temperature", 0.2));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    ScriptedLlmServer.Recorded request = ollama.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/chat");
    assertThat(request.header("authorization")).isNull();
    assertThat(SortedJson.string(request.body()))
        .isEqualTo(
            "{\"messages\":[{\"content\":\"Hi!\",\"role\":\"user\"}],\"model\":\"llama3.2\","
                + "\"options\":{\"temperature\":0.2},\"stream\":false}");
    String response = keyValues(outcome.output().stdoutText()).get("response");
    JsonNode parsed = SortedJson.parse(response).orElseThrow();
    assertThat(parsed.at("/choices/0/message/content").asText()).isEqualTo("Hello from Ollama.");
    assertThat(parsed.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(parsed.at("/usage/total_tokens").asInt()).isEqualTo(35);
    assertThat(response)
        .contains("\"_spear\":{\"backend\":\"local-ollama\",\"model\":\"llama3.2\"}");
    assertThat(outcome.output().logText()).contains("backend=local-ollama model=llama3.2 ok");
    assertThat(
            guests
                .metrics
                .counter("spear.llm.tokens", "backend", "local-ollama", "type", "completion")
                .count())
        .isEqualTo(9.0);
  }

  @Test
  void toolCallsWithObjectArgumentsRunTheGuestFunction() {
    ollama
        .then(
            200,
            answer(
                "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
                    + "{\"name\":\"sum\",\"arguments\":{\"a\":7,\"b\":35}}}]}"))
        .then(200, answer("{\"role\":\"assistant\",\"content\":\"The sum is 42.\"}"));

    ExecutionOutcome outcome = guests.probe("tools", "Add 7 and 35.", param("model", "llama3.2"));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    List<ScriptedLlmServer.Recorded> requests = ollama.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).body().get("tools")).isNotEmpty();
    JsonNode messages = requests.get(1).body().get("messages");
    assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
    assertThat(messages.get(2).get("content").asText()).isEqualTo("{\"sum\":42}");
    assertThat(outcome.output().logText()).contains("sum tool: a=7 b=35");
    assertThat(keyValues(outcome.output().stdoutText()).get("response")).contains("The sum is 42.");
  }

  @Test
  void anOllamaErrorComesBackAsAnErrorObject() {
    ollama.then(404, "{\"error\":\"model \\\"nope\\\" not found, try pulling it first\"}");

    ExecutionOutcome outcome = guests.probe("send", "1", "Hi!", param("model", "nope"));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    String response = keyValues(outcome.output().stdoutText()).get("response");
    assertThat(SortedJson.parse(response).orElseThrow().has("error")).as(response).isTrue();
    assertThat(
            guests
                .metrics
                .counter("spear.llm.requests", "backend", "local-ollama", "outcome", "error")
                .count())
        .isEqualTo(1.0);
  }
}
