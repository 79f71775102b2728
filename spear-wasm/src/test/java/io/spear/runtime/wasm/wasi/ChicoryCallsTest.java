package io.spear.runtime.wasm.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.log.SystemLogger;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our table of calls into Chicory's WASI ({@link ChicoryCalls}) stands for the host functions
 * Chicory's generated factory makes: every function it makes has an entry, and each entry answers
 * as the factory's function does on the same calls (the same WASI state, the same memory).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChicoryCallsTest {

  // A module with one memory of one page and nothing else.
  private static final byte[] ONE_PAGE = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01
  };

  // Small descriptors (3 is the preopen), pointers to the strings below, lengths, large values.
  private static final long[] I32 = {0, 1, 2, 3, 4, 5, 8, 16, 256, 260, 300, 4096, 65_530};
  private static final long[] I64 = {0, 1, 3, 1L << 20, -1};

  // What these write differs from call to call: times, inode numbers, the monotonic clock.
  private static final Set<String> VARYING =
      Set.of("clock_time_get", "fd_filestat_get", "path_filestat_get", "fd_readdir");

  @TempDir Path dir;

  /** One side of the comparison: a fresh WASI over its own copy of the directory. */
  private record Side(WasiPreview1 wasi, Instance instance, ByteArrayOutputStream stdout) {}

  private Side side(String name) throws Exception {
    Path root = Files.createDirectories(dir.resolve(name));
    Files.writeString(root.resolve("a"), "file a");
    Files.createDirectories(root.resolve("d"));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    WasiOptions options =
        WasiOptions.builder()
            .withStdin(new ByteArrayInputStream("input".getBytes(StandardCharsets.UTF_8)))
            .withStdout(stdout)
            .withStderr(stdout)
            .withArguments(List.of("guest", "one"))
            .withEnvironment("KEY", "value")
            .withClock(Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC))
            .withRandom(new Random(7))
            .withDirectory("/d", root)
            .build();
    Instance instance = Instance.builder(Parser.parse(ONE_PAGE)).build();
    instance.memory().writeString(256, "a");
    instance.memory().writeString(260, "d/new");
    instance.memory().writeString(300, "d");
    WasiPreview1 wasi =
        WasiPreview1.builder().withLogger(new SystemLogger()).withOptions(options).build();
    return new Side(wasi, instance, stdout);
  }

  @Test
  void everyFunctionChicoryMakesHasACallWithItsNameAndType() {
    try (WasiPreview1 wasi =
            WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build();
        SpearWasi ours = SpearWasi.create(WasiOptions.builder().build(), new SystemLogger())) {
      HostFunction[] chicory = wasi.toHostFunctions();
      HostFunction[] made = ours.toHostFunctions();
      assertThat(made).hasSameSizeAs(chicory);
      for (int i = 0; i < chicory.length; i++) {
        assertThat(made[i].module()).isEqualTo(chicory[i].module());
        assertThat(made[i].name()).isEqualTo(chicory[i].name());
        assertThat(made[i].functionType()).isEqualTo(chicory[i].functionType());
        assertThat(ChicoryCalls.of(chicory[i].name())).isNotNull();
      }
    }
  }

  @Test
  void onlyTheFunctionsAskedForAreMadeInTheOrderAsked() {
    List<String> names = SpearWasi.functionNames();
    int[] positions = {names.indexOf("path_link"), names.indexOf("fd_write")};
    try (SpearWasi wasi = SpearWasi.create(WasiOptions.builder().build(), new SystemLogger())) {
      assertThat(Arrays.stream(wasi.toHostFunctions(positions)).map(HostFunction::name))
          .containsExactly("path_link", "fd_write");
    }
  }

  @Test
  void eachCallAnswersAsChicorysOwnFunctionOnTheSameCalls() throws Exception {
    Random random = new Random(42);
    List<String> names = SpearWasi.functionNames();
    int compared = 0;
    for (int f = 0; f < names.size(); f++) {
      List<ValType> params = SpearWasi.functionTypes().get(f).params();
      for (int round = 0; round < 40; round++) {
        long[] args = new long[params.size()];
        for (int p = 0; p < args.length; p++) {
          long[] pool = params.get(p) == ValType.I64 ? I64 : I32;
          args[p] = pool[random.nextInt(pool.length)];
        }
        int position = f;
        String label = names.get(f) + Arrays.toString(args) + " #" + round;
        Side theirs = side("theirs" + compared);
        Side ours = side("ours" + compared);
        String expected =
            outcome(theirs, (wasi, i) -> wasi.toHostFunctions()[position].handle(), args);
        String actual = outcome(ours, (wasi, i) -> call(names.get(position), wasi), args);
        assertThat(actual).as(label).isEqualTo(expected);
        assertThat(ours.stdout().toByteArray()).as(label).isEqualTo(theirs.stdout().toByteArray());
        if (!VARYING.contains(names.get(f))) {
          assertThat(Arrays.mismatch(memory(ours), memory(theirs))).as(label).isEqualTo(-1);
        }
        compared++;
      }
    }
    assertThat(compared).isEqualTo(names.size() * 40);
  }

  private static WasmFunctionHandle call(String name, WasiPreview1 wasi) {
    ChicoryCalls.Call call = ChicoryCalls.of(name);
    return (instance, args) -> call.apply(wasi, instance, args);
  }

  private static String outcome(
      Side side, BiFunction<WasiPreview1, Instance, WasmFunctionHandle> handle, long[] args) {
    try (WasiPreview1 wasi = side.wasi()) {
      return Arrays.toString(handle.apply(wasi, side.instance()).apply(side.instance(), args));
    } catch (WasiExitException e) {
      return "exit " + e.exitCode();
    } catch (RuntimeException e) {
      return e.getClass().getName();
    }
  }

  private static byte[] memory(Side side) {
    return side.instance().memory().readBytes(0, 65_536);
  }
}
