package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spear.model.error.InvalidConfigurationException;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.NodeSecurity;
import io.spear.runtime.NodeSecurity.PreopenRule;
import io.spear.support.net.BearerToken;
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
        Guests.config(Guests.NODE)
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

  /** The lines the fs_probe guest prints for {@code ops}, run with {@code /d} preopened. */
  private static List<String> probe(WasmRuntime runtime, Path preopen, String... ops) {
    InstanceConfig config =
        Guests.config("fs_probe.c.wasm", ops)
            .withTaskConfig(InstanceConfig.WASI_PREOPEN, "/d=" + preopen)
            .build();
    ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, config));
    assertThat(outcome).isInstanceOf(Completed.class);
    return outcome.output().stdoutText().lines().toList();
  }

  private static final String[] CHANGES = {
    "write",
    "/d/in.txt",
    "changed",
    "append",
    "/d/in.txt",
    "more",
    "write",
    "/d/new.txt",
    "new",
    "trunc",
    "/d/in.txt",
    "touch",
    "/d/in.txt",
    "mkdir",
    "/d/made",
    "rmdir",
    "/d/sub",
    "symlink",
    "new.txt",
    "/d/link",
    "mv",
    "/d/in.txt",
    "/d/moved.txt",
    "rm",
    "/d/keep.txt",
  };

  @Test
  void aGuestCanReadButNotChangeAReadOnlyDirectory() throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    Files.writeString(readOnly.resolve("in.txt"), "original");
    Files.writeString(readOnly.resolve("keep.txt"), "keep");
    Files.createDirectory(readOnly.resolve("sub"));
    var before = Files.getLastModifiedTime(readOnly.resolve("in.txt"));
    try (WasmRuntime runtime = allowing(new PreopenRule(readOnly, false))) {
      List<String> lines = probe(runtime, readOnly, CHANGES);

      assertThat(lines).hasSize(10).noneMatch(line -> line.endsWith(": ok"));
      assertThat(probe(runtime, readOnly, "read", "/d/in.txt"))
          .containsExactly("read /d/in.txt: ok original");
    }
    try (var listing = Files.list(readOnly)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("in.txt", "keep.txt", "sub");
    }
    assertThat(Files.readString(readOnly.resolve("in.txt"))).isEqualTo("original");
    assertThat(Files.getLastModifiedTime(readOnly.resolve("in.txt"))).isEqualTo(before);
  }

  @Test
  void aGuestMayChangeAWritableDirectory() throws Exception {
    Path writable = Files.createDirectory(dir.resolve("rw"));
    Files.writeString(writable.resolve("in.txt"), "original");
    Files.writeString(writable.resolve("keep.txt"), "keep");
    Files.createDirectory(writable.resolve("sub"));
    try (WasmRuntime runtime = allowing(new PreopenRule(writable, true))) {
      List<String> lines = probe(runtime, writable, CHANGES);

      assertThat(lines).hasSize(10).allMatch(line -> line.endsWith(": ok"));
      assertThat(probe(runtime, writable, "read", "/d/link"))
          .containsExactly("read /d/link: ok new");
    }
    try (var listing = Files.list(writable)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("moved.txt", "new.txt", "made", "link");
    }
    assertThat(Files.readString(writable.resolve("new.txt"))).isEqualTo("new");
  }

  @Test
  void aGuestCannotLeaveItsDirectoryThroughSymbolicLinks() throws Exception {
    Path allowed = Files.createDirectory(dir.resolve("allowed"));
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "do not read");
    Files.createSymbolicLink(allowed.resolve("out"), outside);
    Files.createSymbolicLink(allowed.resolve("secret"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(allowed.resolve("dangling"), outside.resolve("planted.txt"));
    try (WasmRuntime runtime = allowing(new PreopenRule(allowed, true))) {
      List<String> lines =
          probe(
              runtime,
              allowed,
              "read",
              "/d/out/secret.txt",
              "read",
              "/d/secret",
              "write",
              "/d/out/planted.txt",
              "x",
              "write",
              "/d/dangling",
              "x",
              "mkdir",
              "/d/out/made",
              "symlink",
              "../outside/secret.txt",
              "/d/climb",
              "symlink",
              outside.resolve("secret.txt").toString(),
              "/d/absolute");

      assertThat(lines).hasSize(7).noneMatch(line -> line.endsWith(": ok"));
      assertThat(String.join("\n", lines)).doesNotContain("do not read");
    }
    try (var listing = Files.list(outside)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
    }
    assertThat(allowed.resolve("climb")).doesNotExist();
    assertThat(allowed.resolve("absolute")).doesNotExist();
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
