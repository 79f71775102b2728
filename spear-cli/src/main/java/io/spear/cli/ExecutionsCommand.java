package io.spear.cli;

import io.spear.client.SmsClient;
import picocli.CommandLine.Command;

/** {@code spear executions}: execution records kept by SMS. */
@Command(
    name = "executions",
    mixinStandardHelpOptions = true,
    description = "Show execution records kept by SMS.",
    subcommands = {ExecutionsCommand.Get.class})
final class ExecutionsCommand {

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one execution.")
  static final class Get extends ByIdCommand {
    @Override
    Object request(SmsClient sms, String id) {
      return sms.execution(id);
    }
  }
}
