package io.spear.spearlet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.WasmModules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standing reliability check of malformed and pathological modules: a seeded generator mutates
 * valid modules (byte flips, truncation, insertions, impossible counts) and writes pathological
 * ones (huge function counts, long bodies), and each goes through upload, registration and
 * invocation on a real SMS and Spearlet. Every answer must be a documented one (no 500), and the
 * node must be healthy and serving afterwards. Quick by default (CI); {@code
 * -Dspear.reliability.modules=N} runs more, as RELIABILITY.md records.
 */
class MalformedModulesReliabilityTest {

  private static final List<String> SEEDS =
      List.of("hello.c.wasm", "echo_upper.c.wasm", "minimal.wat.wasm", "reactor.wat.wasm");

  @TempDir Path dataDir;

  @Test
  @Timeout(1800)
  void everyMalformedModuleGetsADocumentedAnswerAndTheNodeStaysHealthy() {
    int count = Integer.getInteger("spear.reliability.modules", 40);
    long seed = Long.getLong("spear.reliability.seed", 20261130L);
    Random random = new Random(seed);
    Map<String, Integer> outcomes = new TreeMap<>();
    try (SmsServer sms =
            SmsServer.start(
                SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
        SpearletServer spearlet =
            SpearletServer.builder(
                    RuntimeConfig.of(
                        SpearletConfig.defaults().toBuilder()
                            .smsHttpAddr(sms.httpAddr())
                            .bindHost("127.0.0.1")
                            .httpPort(0)
                            .heartbeatInterval(Duration.ofMillis(200))
                            .build()))
                .start()) {
      HttpTestClient smsHttp = new HttpTestClient(sms.port());
      HttpTestClient node = new HttpTestClient(spearlet.port());
      for (int i = 0; i < count; i++) {
        byte[] module = generate(random, i);
        var upload =
            smsHttp.post("/api/v1/files", module, Map.of("X-File-Name", "m" + i + ".wasm"));
        String step = "upload " + upload.status();
        if (upload.status() == 201 || upload.status() == 200) {
          String task = register(smsHttp, upload.json().get("id").asText());
          var answer = node.post("/invoke/" + task + "?timeout_ms=2000", new byte[0], Map.of());
          step = "invoke " + answer.status();
          if (answer.status() >= 400) {
            step += " " + answer.json().get("error").asText();
            assertThat(answer.status())
                .as("module %d (seed %d): %s", i, seed, answer.text())
                .isNotIn(500, 502);
            assertThat(answer.json().get("message").asText())
                .as("a refusal names the problem in words, not a Java exception")
                .doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b(?!:)");
          }
        }
        outcomes.merge(step, 1, Integer::sum);
      }
      System.out.printf("reliability: %d modules, seed %d, outcomes %s%n", count, seed, outcomes);
      assertThat(
              node.post(
                      "/invoke/" + register(smsHttp, upload(smsHttp, "echo_upper.c.wasm")),
                      "still serving".getBytes(StandardCharsets.UTF_8),
                      Map.of())
                  .text())
          .isEqualTo("STILL SERVING");
      assertThat(node.get("/health").json().get("status").asText()).isEqualTo("healthy");
    }
  }

  private static byte[] generate(Random random, int i) {
    if (i % 10 == 9) {
      // Pathological but valid: many functions or one long body.
      return random.nextBoolean()
          ? WasmModules.manyFunctions(1_000 + random.nextInt(20_000))
          : WasmModules.constDrops(1_000 + random.nextInt(50_000));
    }
    byte[] module = Corpus.bytes(SEEDS.get(random.nextInt(SEEDS.size()))).clone();
    return switch (random.nextInt(4)) {
      case 0 -> flip(module, random, 1 + random.nextInt(8));
      case 1 -> java.util.Arrays.copyOf(module, 8 + random.nextInt(Math.max(1, module.length - 8)));
      case 2 -> insert(module, random);
      default -> hugeCount(module, random);
    };
  }

  private static byte[] flip(byte[] module, Random random, int flips) {
    for (int f = 0; f < flips; f++) {
      int at = 8 + random.nextInt(module.length - 8);
      module[at] = (byte) random.nextInt(256);
    }
    return module;
  }

  private static byte[] insert(byte[] module, Random random) {
    int at = 8 + random.nextInt(module.length - 8);
    byte[] extra = new byte[1 + random.nextInt(16)];
    random.nextBytes(extra);
    byte[] out = new byte[module.length + extra.length];
    System.arraycopy(module, 0, out, 0, at);
    System.arraycopy(extra, 0, out, at, extra.length);
    System.arraycopy(module, at, out, at + extra.length, module.length - at);
    return out;
  }

  // A five-byte LEB128 of about 4 billion where a count or size is read.
  private static byte[] hugeCount(byte[] module, Random random) {
    int at = 8 + random.nextInt(module.length - 13);
    byte[] leb = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    System.arraycopy(leb, 0, module, at, leb.length);
    return module;
  }

  private static String upload(HttpTestClient sms, String fixture) {
    return sms.post("/api/v1/files", Corpus.bytes(fixture), Map.of("X-File-Name", fixture))
        .json()
        .get("id")
        .asText();
  }

  private static String register(HttpTestClient sms, String fileId) {
    String json =
        """
        {"name": "reliability", "priority": "normal", "endpoint": "", "version": "1.0.0",
         "capabilities": ["wasm"], "metadata": {}, "config": {},
         "executable": {"type": "wasm", "uri": "sms+file://%s", "name": "m.wasm",
                        "args": [], "env": {}}}
        """
            .formatted(fileId);
    return sms.postJson("/api/v1/tasks", json).json().get("task_id").asText();
  }
}
