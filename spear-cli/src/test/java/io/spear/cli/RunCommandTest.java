package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code spear run} and the root as declared without annotations: what the command line says. */
class RunCommandTest {

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void everyArgumentEnvironmentVariableAndLimitReachesTheGuest() throws Exception {
    Path hello = Files.write(dir.resolve("hello.c.wasm"), Corpus.bytes("hello.c.wasm"));

    CliRun run =
        CliRun.of(
            "run",
            "--standalone",
            "--no-stdin",
            "--env",
            "GREETING=hi",
            "--env",
            "OTHER=2",
            "--timeout-ms",
            "20000",
            hello.toString(),
            "--",
            "a",
            "b c");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("argv[0]=hello.c.wasm", "argv[1]=a", "argv[2]=b c")
        .contains("env GREETING=hi", "env OTHER=2");
  }

  @Test
  void aRunWithoutAModuleIsAUsageErrorNamingTheMissingParameter() {
    CliRun run = CliRun.of("run");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: '<module>'", "Usage: spear run");
  }

  @Test
  void theHelpOfRunAndOfTheRootListEveryOptionWithItsWords() {
    assertThat(CliRun.of("run", "--help").out())
        .contains("Usage: spear run [-hV] [--debug] [--keep] [--no-stdin] [--standalone]")
        .contains("--env=<String=String>", "--dir=<dirs>", "--timeout-ms=<timeoutMs>")
        .contains("--sms=<sms>", "--token=<token>", "--tls-ca=<tlsCa>", "<module>", "[<args>...]")
        .contains("Show this help message and exit.", "Print version information and exit.");
    assertThat(CliRun.of("--help").out())
        .contains("Usage: spear [-hV] [--debug] [COMMAND]", "Spear for the JVM");
    assertThat(CliRun.of("--version").out()).isEqualTo("spear 0.1.0\n");
  }

  @Test
  void theDeclaredClientOptionsAreTheAnnotatedOnes() {
    List<OptionSpec> annotated = CommandSpec.forAnnotatedObject(new ClientOptions()).options();
    List<OptionSpec> declared = new ClientOptions().declared().options();

    assertThat(declared).hasSameSizeAs(annotated);
    for (int i = 0; i < annotated.size(); i++) {
      OptionSpec a = annotated.get(i);
      OptionSpec d = declared.get(i);
      assertThat(d.names()).isEqualTo(a.names());
      assertThat(d.type()).as(a.longestName()).isEqualTo(a.type());
      assertThat(d.defaultValue()).as(a.longestName()).isEqualTo(a.defaultValue());
      assertThat(d.description()).as(a.longestName()).isEqualTo(a.description());
      assertThat(d.paramLabel()).as(a.longestName()).isEqualTo(a.paramLabel());
    }
  }
}
