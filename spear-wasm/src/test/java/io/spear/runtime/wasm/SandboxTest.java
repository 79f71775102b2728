package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.net.BearerToken;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.NodeSecurity;
import io.spear.runtime.NodeSecurity.PreopenRule;
import io.spear.runtime.RuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host directories and the host environment reach guests only as the node's operator allows. */
class SandboxTest {

  @TempDir Path dir;

  /** A runtime whose node allows {@code rules}. */
  static WasmRuntime allowing(PreopenRule... rules) {
    return new WasmRuntime(
        RuntimeConfig.of(Guests.NODE)
            .withSecurity(new NodeSecurity(BearerToken.NONE, List.of(rules), List.of())));
  }

  private static InstanceConfig catFile(String guestPath, String preopen) {
    return Guests.config("cat_file.c.wasm", guestPath)
        .withTaskConfig(InstanceConfig.WASI_PREOPEN, preopen)
        .build();
  }

  @Test
  void aTaskCannotPreopenAHostDirectoryTheNodeDidNotAllow() throws Exception {
    Path allowed = Files.createDirectory(dir.resolve("allowed"));
    Path other = Files.createDirectory(dir.resolve("other"));
    try (WasmRuntime runtime = allowing(new PreopenRule(allowed, true))) {
      assertThat(catchThrowable(() -> runtime.createInstance(catFile("/d/x", "/d=" + other))))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("does not allow")
          .hasMessageContaining(other.toString());
    }
    try (WasmRuntime byDefault = Guests.runtime()) {
      assertThat(
              catchThrowable(() -> byDefault.createInstance(catFile("/etc/hostname", "/etc=/etc"))))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("lists none");
    }
  }

  @Test
  void aDirectoryInsideAnAllowedOneMayBePreopenedButNotALinkLeavingIt() throws Exception {
    Path allowed = Files.createDirectory(dir.resolve("allowed"));
    Path sub = Files.createDirectory(allowed.resolve("sub"));
    Files.writeString(sub.resolve("in.txt"), "inside\n");
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Path link = Files.createSymbolicLink(allowed.resolve("link"), outside);
    try (WasmRuntime runtime = allowing(new PreopenRule(allowed, true))) {
      ExecutionOutcome outcome =
          Guests.run(runtime, Guests.started(runtime, catFile("/d/in.txt", "/d=" + sub)));
      assertThat(outcome.output().stdoutText()).isEqualTo("inside\n");
      assertThat(catchThrowable(() -> runtime.createInstance(catFile("/d/x", "/d=" + link))))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("does not allow");
    }
  }

  @Test
  void aGuestCannotReadBeyondItsPreopenedDirectory() throws Exception {
    Path allowed = Files.createDirectory(dir.resolve("allowed"));
    Path secret = Files.writeString(dir.resolve("secret.txt"), "do not read\n");
    try (WasmRuntime runtime = allowing(new PreopenRule(allowed, true))) {
      for (String path : List.of("/d/../secret.txt", secret.toString(), "/etc/hostname")) {
        ExecutionOutcome outcome =
            Guests.run(runtime, Guests.started(runtime, catFile(path, "/d=" + allowed)));
        assertThat(outcome).as(path).isNotInstanceOf(Completed.class);
        assertThat(outcome.output().stdoutText()).as(path).doesNotContain("do not read");
      }
    }
  }

  @Test
  void aReadOnlyDirectoryIsRefusedRatherThanHandedOutWritable() throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    try (WasmRuntime runtime = allowing(new PreopenRule(readOnly, false))) {
      assertThat(catchThrowable(() -> runtime.createInstance(catFile("/d/x", "/d=" + readOnly))))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("read-only");
    }
  }

  @Test
  void hostEnvironmentVariablesNeverReachGuests() {
    Map<String, String> host = System.getenv();
    assertThat(host).isNotEmpty();
    try (WasmRuntime runtime = Guests.runtime()) {
      InstanceConfig config =
          Guests.config("hello.c.wasm").withEnvironment("ONLY_THIS", "yes").build();
      String stdout = Guests.run(runtime, Guests.started(runtime, config)).output().stdoutText();
      assertThat(stdout).contains("ONLY_THIS=yes");
      host.forEach((name, value) -> assertThat(stdout).as(name).doesNotContain(name + "=" + value));
    }
  }
}
