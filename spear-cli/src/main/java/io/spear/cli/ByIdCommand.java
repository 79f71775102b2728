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

  @Parameters(index = "0", paramLabel = "ID", description = "The id.")
  String id;

  /** The request this command makes. */
  abstract Object request(SmsClient sms, String id);

  @Override
  public Integer call() {
    Output.json(spec.commandLine().getOut(), request(client.client(), id));
    return 0;
  }
}
