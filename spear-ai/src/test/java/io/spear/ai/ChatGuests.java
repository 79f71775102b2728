package io.spear.ai;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.ai.config.LlmConfig;
import io.spear.ai.config.LlmConfigParser;
import io.spear.ai.json.SortedJson;
import io.spear.ai.mcp.McpSessions;
import io.spear.corpus.Corpus;
import io.spear.host.basic.BasicFamily;
import io.spear.host.epoll.EpollFamily;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.host.HostFamily;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.streams.StreamLimits;
import io.spear.streams.UserStreamBroker;
import io.spear.streams.media.MediaServices;
import io.spear.streams.mic.MicFamily;
import io.spear.streams.rtasr.RtasrFamily;
import io.spear.streams.user.UserStreamFamily;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A WASM runtime wired to AI services from a YAML {@code llm:} section, running corpus guests. */
final class ChatGuests implements AutoCloseable {

  static final SpearletConfig NODE =
      SpearletConfig.defaults()
          .withSmsHttpAddr("127.0.0.1:9")
          .withStopTimeout(Duration.ofMillis(500));

  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  final AiServices ai;
  final WasmRuntime runtime;

  ChatGuests(String llmYaml, Map<String, String> environment) {
    this(parse(llmYaml), environment);
  }

  ChatGuests(LlmConfig llm, Map<String, String> environment) {
    this(llm, environment, null);
  }

  /** With MCP tools from {@code mcp} (built on this object's metrics), closed with it. */
  ChatGuests(
      LlmConfig llm,
      Map<String, String> environment,
      java.util.function.Function<io.micrometer.core.instrument.MeterRegistry, McpSessions> mcp) {
    if (mcp == null) {
      ai = AiServices.start(llm, environment, metrics);
    } else {
      McpSessions sessions = mcp.apply(metrics);
      ai = AiServices.start(llm, environment, sessions, sessions, metrics);
    }
    runtime = new WasmRuntime(RuntimeConfig.of(NODE).withFamilies(families(ai, ai.media())));
  }

  /** A node's families (as the Spearlet lists them) over these services. */
  static List<HostFamily<?>> families(AiServices ai, MediaServices media) {
    return List.of(
        new BasicFamily(),
        ai.chatFamily(),
        new EpollFamily(),
        new UserStreamFamily(new UserStreamBroker(StreamLimits.DEFAULTS)),
        new RtasrFamily(media),
        new MicFamily(media));
  }

  static LlmConfig parse(String yaml) {
    try {
      return LlmConfigParser.parse(
          new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(yaml));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A started instance of a corpus guest with these arguments and task config. */
  TaskInstance instance(String fixture, Map<String, String> taskConfig, String... args) {
    return instance(fixture, Corpus.bytes(fixture), taskConfig, args);
  }

  /** A started instance of a module with these arguments and task config. */
  TaskInstance instance(
      String name, byte[] module, Map<String, String> taskConfig, String... args) {
    InstanceConfig config =
        InstanceConfig.builder(
                "task-" + name,
                new Executable(ExecutableType.WASM, "", name, "", List.of(args), Map.of()))
            .withModuleBytes(module)
            .withTaskConfig(taskConfig)
            .build();
    TaskInstance instance = runtime.createInstance(config);
    runtime.startInstance(instance);
    return instance;
  }

  /** Runs {@code chat_probe} with these arguments. */
  ExecutionOutcome probe(String... args) {
    return run(ExecutionContext.builder().build(), args);
  }

  ExecutionOutcome run(ExecutionContext context, String... args) {
    return runtime.execute(instance("chat_probe.c.wasm", Map.of(), args), context);
  }

  /** Runs {@code chat_probe} of a task with this config. */
  ExecutionOutcome probeTask(Map<String, String> taskConfig, String... args) {
    return runtime.execute(
        instance("chat_probe.c.wasm", taskConfig, args), ExecutionContext.builder().build());
  }

  /** A {@code {"key":..,"value":..}} argument. */
  static String param(String key, Object value) {
    return SortedJson.string(SortedJson.MAPPER.valueToTree(Map.of("key", key, "value", value)));
  }

  static Map<String, String> keyValues(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    text.lines()
        .map(line -> line.split("=", 2))
        .filter(parts -> parts.length == 2)
        .forEach(parts -> values.put(parts[0], parts[1]));
    return values;
  }

  @Override
  public void close() {
    runtime.close();
    ai.close();
  }
}
