package io.spear.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.client.SmsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spear schedules}: tasks invoked by SMS on a cron expression or every period. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = "Invoke tasks on a schedule (cron or every period), from SMS.")
final class SchedulesCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a schedule; prints it with its next five fire times.")
  static final class Create implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Option(names = "--task", required = true, description = "The task (its name or id).")
    String task;

    @ArgGroup(multiplicity = "1")
    Timing timing;

    /** Exactly one of the two. */
    static final class Timing {
      @Option(
          names = "--cron",
          description = "5 fields (\"*/5 * * * *\"), or 6 with seconds first (\"*/10 * * * * *\").")
      String cron;

      @Option(names = "--every", description = "A period: 30s, 5m, 2h, 1d (at least 1s).")
      String every;
    }

    @Option(names = "--timezone", description = "The zone a cron expression reads (default UTC).")
    String timezone;

    @Option(names = "--input", description = "Stdin of each invocation, as text.")
    String input;

    @Option(names = "--input-file", description = "Stdin of each invocation, from a file.")
    Path inputFile;

    @Option(names = "--paused", description = "Create it paused (resume it later).")
    boolean paused;

    @Override
    public Integer call() {
      SmsClient sms = client.client();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("task_id", TaskRef.resolve(sms, task));
      fields.put("cron", timing.cron);
      fields.put("every", timing.every);
      fields.put("timezone", timezone);
      fields.put("input_base64", Base64.getEncoder().encodeToString(input()));
      fields.put("enabled", !paused);
      Output.json(spec.commandLine().getOut(), sms.createSchedule(fields));
      return 0;
    }

    private byte[] input() {
      if (inputFile != null) {
        try {
          return Files.readAllBytes(inputFile);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + inputFile, e);
        }
      }
      return input == null ? new byte[0] : input.getBytes(StandardCharsets.UTF_8);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List schedules.")
  static final class ListSchedules implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Mixin ListOutput output;
    @Spec CommandSpec spec;

    @Option(names = "--limit", defaultValue = "100", description = "Page size.")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Skip this many.")
    int offset;

    @Override
    public Integer call() {
      JsonNode page = client.client().listSchedules(limit, offset);
      List<JsonNode> rows = new ArrayList<>();
      page.path("schedules").forEach(rows::add);
      output.print(
          spec.commandLine().getOut(),
          page,
          rows,
          new ListOutput.Column<JsonNode>("SCHEDULE_ID", s -> s.path("schedule_id").asText()),
          new ListOutput.Column<JsonNode>("TASK_ID", s -> s.path("task_id").asText()),
          new ListOutput.Column<JsonNode>(
              "WHEN",
              s -> s.has("cron") ? s.path("cron").asText() : "every " + s.path("every").asText()),
          new ListOutput.Column<JsonNode>("TIMEZONE", s -> s.path("timezone").asText()),
          new ListOutput.Column<JsonNode>(
              "STATE", s -> s.path("enabled").asBoolean() ? "active" : "paused"),
          new ListOutput.Column<JsonNode>(
              "NEXT", s -> java.time.Instant.ofEpochMilli(s.path("next_fire_at_ms").asLong())));
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Show a schedule and its next five fire times.")
  static final class Get extends ByIdCommand {
    @Override
    Object request(SmsClient sms, String id) {
      return sms.schedule(id);
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a schedule.")
  static final class Pause extends ByIdCommand {
    @Override
    Object request(SmsClient sms, String id) {
      return sms.enableSchedule(id, false);
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume a schedule from its next tick after now.")
  static final class Resume extends ByIdCommand {
    @Override
    Object request(SmsClient sms, String id) {
      return sms.enableSchedule(id, true);
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a schedule.")
  static final class Remove extends ByIdCommand {
    @Override
    Object request(SmsClient sms, String id) {
      return sms.deleteSchedule(id);
    }
  }
}
