package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.sms.SmsConfig;
import io.spear.sms.execution.ExecutionRetention;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How {@code spear sms} options become an SMS configuration. */
class SmsOptionsTest {

  @Test
  void withoutADatabaseUrlTheEmbeddedStoreIsUsed() {
    // CI and developers' shells do not set SPEAR_DATABASE_URL; the default must stay embedded.
    if (System.getenv("SPEAR_DATABASE_URL") == null) {
      assertThat(parse().toConfig().database()).isEmpty();
    }
  }

  @Test
  void aDatabaseUrlSelectsPostgresAndItsPasswordIsNeverShown() {
    SmsOptions options =
        parse("--database-url", "postgresql://spear:hunter2@db.example:5433/spear?sslmode=require");
    SmsConfig config = options.toConfig();

    var url = config.database().orElseThrow();
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/spear?sslmode=require");
    assertThat(url.user()).contains("spear");
    assertThat(url.password()).contains("hunter2");
    assertThat(options.dataLocation()).doesNotContain("hunter2").contains("db.example:5433/spear");
    assertThat(config.toString()).doesNotContain("hunter2");
  }

  @Test
  void aMalformedDatabaseUrlIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> parse("--database-url", "mysql://spear:hunter2@db/spear"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--database-url")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void executionRecordsAreKeptSevenDaysAndTenThousandPerTaskUnlessSaidOtherwise() {
    assertThat(parse().retention())
        .isEqualTo(new ExecutionRetention(Duration.ofDays(7), 10_000))
        .isEqualTo(ExecutionRetention.defaults());
    assertThat(parse("--execution-retention", "2h", "--executions-per-task", "50").retention())
        .isEqualTo(new ExecutionRetention(Duration.ofHours(2), 50));
  }

  @Test
  void aRetentionShorterThanASecondIsRefused() {
    assertThatThrownBy(() -> parse("--execution-retention", "500ms").retention())
        .isInstanceOf(CliException.class)
        .hasMessageContaining("at least 1s");
    assertThatThrownBy(() -> parse("--executions-per-task", "0").retention())
        .isInstanceOf(CliException.class)
        .hasMessageContaining("positive");
  }

  private static SmsOptions parse(String... args) {
    String[] withCommand = new String[args.length + 1];
    withCommand[0] = "sms";
    System.arraycopy(args, 0, withCommand, 1, args.length);
    CommandLine.ParseResult parsed = SpearCli.commandLine().parseArgs(withCommand);
    return ((SmsCommand) parsed.subcommand().commandSpec().userObject()).sms;
  }
}
