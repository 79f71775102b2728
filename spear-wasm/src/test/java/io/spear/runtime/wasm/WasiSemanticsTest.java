package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.NodeSecurity.PreopenRule;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preopened directory keeps WASI preview 1's semantics: the seven cases of the official WASI
 * testsuite that Chicory on a confined host directory got wrong, reproduced by our own guest
 * (wasi_semantics.c), and the read-only and confinement promises on the paths added for them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WasiSemanticsTest {

  @TempDir Path dir;

  /** What the wasi_semantics guest prints for one case, run in a writable preopen at /d. */
  private String run(String testCase) throws Exception {
    Path writable = Files.createDirectory(dir.resolve("rw"));
    try (WasmRuntime runtime = SandboxTest.allowing(new PreopenRule(writable, true))) {
      InstanceConfig config =
          Guests.config("wasi_semantics.c.wasm", "/d", testCase)
              .withTaskConfig(InstanceConfig.WASI_PREOPEN, "/d=" + writable)
              .build();
      ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, config));
      assertThat(outcome).isInstanceOf(Completed.class);
      return outcome.output().stdoutText().strip();
    }
  }

  @Test
  void renamingADirectoryOntoANonEmptyOneFailsWithEnotempty() throws Exception {
    assertThat(run("rename_onto_nonempty_dir")).isEqualTo("rename_onto_nonempty_dir: ok");
  }

  @Test
  void aHardLinkOntoADanglingSymbolicLinkFailsWithEexist() throws Exception {
    assertThat(run("link_onto_dangling_link")).isEqualTo("link_onto_dangling_link: ok");
  }

  @Test
  void aSymbolicLinkNameWithATrailingSlashIsJudgedByWhatTheNameIs() throws Exception {
    assertThat(run("symlink_trailing_slash")).isEqualTo("symlink_trailing_slash: ok");
  }

  @Test
  void aFileOpenedToReadAndAppendDoesBothUntilAppendModeIsCleared() throws Exception {
    assertThat(run("append_then_read")).isEqualTo("append_then_read: ok");
  }

  @Test
  void aFileOpenedToAppendAndTruncateWritesAtTheEndAndPwriteKeepsTheOffset() throws Exception {
    assertThat(run("pwrite_with_append")).isEqualTo("pwrite_with_append: ok");
  }

  @Test
  void theTimesOfASymbolicLinkItselfCanBeSetWithoutTouchingItsTarget() throws Exception {
    assertThat(run("symlink_times")).isEqualTo("symlink_times: ok");
  }

  @Test
  void droppedRightsAreRefusedAndCannotBeGrantedBack() throws Exception {
    assertThat(run("drop_rights")).isEqualTo("drop_rights: ok");
  }

  /** The lines the fs_probe guest prints for {@code ops}, with {@code preopen} at /d. */
  private static List<String> probe(PreopenRule preopen, String... ops) {
    try (WasmRuntime runtime = SandboxTest.allowing(preopen)) {
      InstanceConfig config =
          Guests.config("fs_probe.c.wasm", ops)
              .withTaskConfig(InstanceConfig.WASI_PREOPEN, "/d=" + preopen.path())
              .build();
      ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, config));
      assertThat(outcome).isInstanceOf(Completed.class);
      return outcome.output().stdoutText().lines().toList();
    }
  }

  private static final FileTime LONG_AGO = FileTime.fromMillis(86_400_000L);

  private static FileTime linkTime(Path link) throws Exception {
    return Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS);
  }

  private static void ageLink(Path link) throws Exception {
    Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(LONG_AGO, LONG_AGO, null);
  }

  @Test
  void aReadOnlyDirectoryRefusesSettingALinksTimes() throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    Files.writeString(readOnly.resolve("file"), "x");
    Path link = Files.createSymbolicLink(readOnly.resolve("link"), Path.of("file"));
    ageLink(link);

    assertThat(probe(new PreopenRule(readOnly, false), "ltouch", "/d/link"))
        .singleElement()
        .asString()
        .startsWith("ltouch /d/link: ")
        .doesNotEndWith(": ok");
    assertThat(linkTime(link)).isEqualTo(LONG_AGO);
  }

  @Test
  void settingTheTimesOfALinkThatLeavesTheDirectoryChangesOnlyTheLink() throws Exception {
    Path writable = Files.createDirectory(dir.resolve("rw"));
    Path outside = Files.writeString(dir.resolve("outside.txt"), "x");
    Files.setLastModifiedTime(outside, LONG_AGO);
    Path link = Files.createSymbolicLink(writable.resolve("out"), outside);
    ageLink(link);

    List<String> lines =
        probe(new PreopenRule(writable, true), "ltouch", "/d/out", "touch", "/d/out");

    assertThat(lines).hasSize(2).first().isEqualTo("ltouch /d/out: ok");
    assertThat(lines.get(1)).startsWith("touch /d/out: ").doesNotEndWith(": ok");
    assertThat(linkTime(link)).isNotEqualTo(LONG_AGO);
    assertThat(Files.getLastModifiedTime(outside)).isEqualTo(LONG_AGO);
  }
}
