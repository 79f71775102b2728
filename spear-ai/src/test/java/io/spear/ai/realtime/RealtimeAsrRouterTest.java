package io.spear.ai.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.config.BackendSpec;
import io.spear.ai.config.LlmConfig;
import io.spear.ai.config.LlmConfigParser;
import io.spear.streams.media.AsrRequest;
import io.spear.streams.media.AsrUnavailableException;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RealtimeAsrRouterTest {

  private static LlmConfig config(String yaml) throws Exception {
    return LlmConfigParser.parse(new YAMLMapper().readTree(yaml));
  }

  private static AsrRequest request(String backend) {
    return new AsrRequest(
        Optional.ofNullable(backend), Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void aRealtimeBackendServesSpeechToTextOverWebsocketByDefault() throws Exception {
    BackendSpec spec =
        config(
                "backends: [{name: rt, kind: openai_realtime_ws, base_url: 'https://api.openai.com/v1'}]")
            .backends()
            .getFirst();

    assertThat(spec.ops()).containsExactly("speech_to_text");
    assertThat(spec.transports()).containsExactly("websocket");
    assertThat(spec.hosting()).isEqualTo("remote");
    assertThat(OpenAiRealtimeLink.url(spec))
        .isEqualTo("wss://api.openai.com/v1/realtime?model=gpt-realtime");
  }

  @Test
  void theGuestsBackendParamPicksByNameAndAnUnknownNameListsTheConfiguredOnes() throws Exception {
    LlmConfig llm =
        config(
            """
            backends:
              - {name: chat, kind: stub}
              - {name: rt-a, kind: openai_realtime_ws, base_url: 'http://127.0.0.1:1'}
              - {name: rt-b, kind: openai_realtime_ws, base_url: 'http://127.0.0.1:2/v1/'}
            """);
    RealtimeAsrRouter router =
        new RealtimeAsrRouter(llm.backends(), Map.of(), HttpClient.newHttpClient(), new Random(1));

    assertThat(router.route(request("rt-b")).name()).isEqualTo("rt-b");
    assertThat(OpenAiRealtimeLink.url(router.route(request("rt-b"))))
        .isEqualTo("ws://127.0.0.1:2/v1/realtime?model=gpt-realtime");
    assertThat(router.route(request(null)).name()).startsWith("rt-");
    assertThatThrownBy(() -> router.route(request("chat")))
        .isInstanceOf(AsrUnavailableException.class)
        .hasMessage(
            "no candidate backend: op=SpeechToText required_transports=[\"websocket\"]"
                + " routing_backend=\"chat\" backends=[rt-a, rt-b]");
  }
}
