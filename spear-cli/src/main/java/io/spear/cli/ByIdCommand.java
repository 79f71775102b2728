package io.spear.cli;

import io.spear.client.SmsClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A command that sends one request about one id to SMS and prints the JSON answer. */
abstract class ByIdCommand implements Callable<Integer> {

  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "ID",
      description = "The id (for a task, its name works too).")
  String id;

  /** The request this command makes. */
  abstract Object request(SmsClient sms, String id);

  /** The id {@code given} stands for; tasks may also be named by their name. */
  String resolve(SmsClient sms, String given) {
    return given;
  }

  @Override
  public Integer call() {
    SmsClient sms = client.client();
    Output.json(spec.commandLine().getOut(), request(sms, resolve(sms, id)));
    return 0;
  }
}
