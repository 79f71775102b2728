package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.spear.corpus.Corpus;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.InstanceState;
import io.spear.runtime.TaskInstance;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Thousands of random and mutated byte arrays fed to {@code createInstance}: each one either
 * becomes an instance or fails with InvalidConfiguration; nothing else escapes and nothing hangs.
 */
class CreateInstanceFuzzTest {

  private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

  /** Small valid (and nearly valid) modules whose mutations reach deep into the parser. */
  private static final List<byte[]> SEEDS =
      List.of(
              "minimal.wat.wasm",
              "reactor.wat.wasm",
              "trap.wat.wasm",
              "infinite_loop.wat.wasm",
              "deep_recursion.wat.wasm",
              "start_loop.wat.wasm",
              "data_out_of_bounds.wat.wasm",
              "invalid_type.wat.wasm",
              "spear_missing_import.wat.wasm",
              "echo_upper.c.wasm")
          .stream()
          .map(Corpus::bytes)
          .toList();

  private static WasmRuntime runtime;

  @BeforeContainer
  static void startRuntime() {
    // Small limits keep each trial instantiation cheap; a small cache lets compiled classes go.
    runtime =
        Guests.runtime(Guests.NODE.withDefaultMemoryLimitBytes(4L << 20).withModuleCacheSize(16));
  }

  @AfterContainer
  static void closeRuntime() {
    runtime.close();
  }

  @Property(tries = 3000)
  void everyByteArrayEitherCreatesAnInstanceOrFailsWithInvalidConfiguration(
      @ForAll("candidates") byte[] bytes) {
    String result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> {
              InstanceConfig config =
                  InstanceConfig.builder("fuzz", Guests.executable("fuzz.wasm"))
                      .withModuleBytes(bytes)
                      .build();
              try {
                TaskInstance instance = runtime.createInstance(config);
                assertThat(instance.state()).isEqualTo(InstanceState.READY);
                runtime.stopInstance(instance);
                return "created";
              } catch (InvalidConfigurationException e) {
                assertThat(e.getMessage()).isNotBlank();
                return e.getMessage().startsWith("Invalid WASM module format")
                    ? "rejected: format"
                    : "rejected: " + e.getMessage().split(":")[0];
              }
            },
            () -> "createInstance hung on " + bytes.length + " bytes");
    Statistics.collect(result);
    // A property that rejected everything would prove nothing: mutations must also create.
    Statistics.coverage(
        coverage -> {
          coverage.check("created").count(created -> created > 0);
          coverage.check("rejected: format").count(rejected -> rejected > 0);
        });
  }

  @Provide
  Arbitrary<byte[]> candidates() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(512)),
        Tuple.of(2, headerThenNoise()),
        Tuple.of(7, mutatedSeeds()));
  }

  private static Arbitrary<byte[]> headerThenNoise() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(256)
        .map(
            noise -> {
              byte[] bytes = Arrays.copyOf(HEADER, HEADER.length + noise.length);
              System.arraycopy(noise, 0, bytes, HEADER.length, noise.length);
              return bytes;
            });
  }

  private static Arbitrary<byte[]> mutatedSeeds() {
    return Arbitraries.of(SEEDS)
        .flatMap(seed -> Arbitraries.longs().map(random -> mutate(seed, new Random(random))));
  }

  /** One to four edits: byte changes, insertions, deletions or a truncation. */
  private static byte[] mutate(byte[] seed, Random random) {
    byte[] bytes = seed.clone();
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && bytes.length > HEADER.length; i++) {
      // Mostly past the header: the magic check alone is not interesting.
      int at = HEADER.length + random.nextInt(bytes.length - HEADER.length);
      int kind = random.nextInt(10);
      if (kind < 6) {
        bytes[at] = (byte) random.nextInt(256);
      } else if (kind < 8) {
        byte[] inserted = new byte[1 + random.nextInt(8)];
        random.nextBytes(inserted);
        byte[] grown = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, grown, 0, at);
        System.arraycopy(inserted, 0, grown, at, inserted.length);
        System.arraycopy(bytes, at, grown, at + inserted.length, bytes.length - at);
        bytes = grown;
      } else if (kind < 9) {
        int length = Math.min(1 + random.nextInt(8), bytes.length - at);
        byte[] shrunk = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, shrunk, 0, at);
        System.arraycopy(bytes, at + length, shrunk, at, bytes.length - at - length);
        bytes = shrunk;
      } else {
        bytes = Arrays.copyOf(bytes, at);
      }
    }
    return bytes;
  }
}
