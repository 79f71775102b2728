package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./spear install} puts a {@code spear} command on the user's PATH, without a JDK. */
@Timeout(60)
class SpearInstallTest {

  private static final Path LAUNCHER = Path.of("..", "spear").toAbsolutePath().normalize();

  @TempDir Path dir;

  private String install(String path, String... extra) throws Exception {
    var command = new java.util.ArrayList<>(java.util.List.of(LAUNCHER.toString(), "install"));
    command.addAll(java.util.List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", path);
    builder.environment().put("HOME", dir.toString());
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void installLinksSpearIntoTheDefaultDirAndSaysItIsNotOnPath() throws Exception {
    String out = install("/usr/bin:/bin");

    Path link = dir.resolve(".local/bin/spear");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(link.toRealPath()).isEqualTo(LAUNCHER.toRealPath());
    assertThat(out)
        .contains("linked " + link + " -> " + LAUNCHER)
        .contains(dir.resolve(".local/bin") + " is not on your PATH: add it");
  }

  @Test
  void installWithAPrefixOnPathSaysSpearRunsFromAnywhere() throws Exception {
    Path bin = dir.resolve("bin");

    String out = install(bin + ":/usr/bin:/bin", "--prefix", bin.toString());

    assertThat(bin.resolve("spear").toRealPath()).isEqualTo(LAUNCHER.toRealPath());
    assertThat(out).contains(bin + " is on your PATH");
    assertThat(install(bin + ":/usr/bin:/bin", "--prefix", bin.toString()))
        .as("installing again replaces the link")
        .contains("linked ");
  }
}
