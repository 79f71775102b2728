package io.spear.sms.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.model.api.Done;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.json.JsonFields;
import io.spear.sms.id.Ids;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import io.spear.sms.task.TaskStore;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/** The schedules API: create, list, get (with the next fire times), pause, resume, delete. */
public final class ScheduleService implements ApiService {

  /** How many upcoming fire times a read shows. */
  static final int UPCOMING = 5;

  /** The largest input a schedule keeps for its invocations. */
  static final int MAX_INPUT_BYTES = 1024 * 1024;

  private final ScheduleStore store;
  private final TaskStore tasks;
  private final java.time.InstantSource clock;

  /** A service over {@code store}, checking task ids against {@code tasks}. */
  public ScheduleService(ScheduleStore store, TaskStore tasks, java.time.InstantSource clock) {
    this.store = store;
    this.tasks = tasks;
    this.clock = clock;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/schedules", this::create),
        Route.get("/api/v1/schedules", this::list),
        Route.get("/api/v1/schedules/{id}", this::get),
        Route.post("/api/v1/schedules/{id}/pause", ctx -> enable(ctx, false)),
        Route.post("/api/v1/schedules/{id}/resume", ctx -> enable(ctx, true)),
        Route.delete("/api/v1/schedules/{id}", this::delete));
  }

  private void create(Context ctx) {
    JsonNode body = JsonFields.object(ctx.body(), true);
    Schedule schedule = parse(body, Ids.next(), clock.millis());
    store.create(schedule);
    ctx.status(201).json(new Answer(true, schedule, upcoming(schedule)));
  }

  /** A new schedule from a request body, every field checked and named when wrong. */
  Schedule parse(JsonNode body, String id, long nowMs) {
    String rawTask = JsonFields.text(body, "task_id", "task_id", true);
    String taskId =
        Ids.canonical(rawTask.trim())
            .orElseThrow(
                () -> new InvalidRequestException("task_id must be a task id but was " + rawTask));
    if (tasks.find(taskId).isEmpty()) {
      throw new NotFoundException(ErrorCode.TASK_NOT_FOUND, "task not found: " + taskId);
    }
    String cron = JsonFields.text(body, "cron", "cron", false);
    String every = JsonFields.text(body, "every", "every", false);
    if (cron.isBlank() == every.isBlank()) {
      throw new InvalidRequestException(
          "give exactly one of cron (such as \"*/5 * * * *\") and every (such as \"30s\")");
    }
    String zone = JsonFields.text(body, "timezone", "timezone", false).trim();
    zone = zone.isEmpty() ? "UTC" : zone;
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new InvalidRequestException(
          "timezone must be a time zone such as UTC or Europe/Paris but was '" + zone + "'");
    }
    String input = input(JsonFields.text(body, "input_base64", "input_base64", false));
    boolean enabled = enabled(body);
    Schedule draft =
        new Schedule(
            id,
            taskId,
            cron.isBlank() ? null : cron.trim(),
            every.isBlank() ? null : every.trim(),
            zone,
            input,
            enabled,
            0,
            0,
            nowMs);
    // Parses the timing (a bad cron or every is named here) and finds the first tick.
    long next = Scheduler.nextTick(draft.when(), nowMs, nowMs);
    return draft.withEnabled(enabled, next);
  }

  private static String input(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("input_base64 is not valid base64: " + e.getMessage());
    }
    if (bytes.length > MAX_INPUT_BYTES) {
      throw new InvalidRequestException(
          "input_base64 may hold at most " + MAX_INPUT_BYTES + " bytes but held " + bytes.length);
    }
    return base64.trim();
  }

  private static boolean enabled(JsonNode body) {
    JsonNode node = body.get("enabled");
    if (node == null || node.isNull()) {
      return true;
    }
    if (!node.isBoolean()) {
      throw new InvalidRequestException("enabled must be true or false but was " + node);
    }
    return node.asBoolean();
  }

  private void list(Context ctx) {
    Page<Schedule> page = store.list(PageRequest.from(ctx));
    ctx.json(new Listed(true, page.items(), page.totalCount()));
  }

  private void get(Context ctx) {
    Schedule schedule = find(ctx.pathParam("id"));
    ctx.json(new Answer(true, schedule, upcoming(schedule)));
  }

  private void enable(Context ctx, boolean on) {
    Schedule schedule = find(ctx.pathParam("id"));
    long now = clock.millis();
    // Resumed, it fires from its next tick after now: the ticks of the pause do not run.
    long next = on ? Scheduler.nextTick(schedule.when(), now, now) : schedule.nextFireAtMs();
    if (!store.setEnabled(schedule.scheduleId(), on, next)) {
      throw notFound(schedule.scheduleId());
    }
    Schedule changed = schedule.withEnabled(on, next);
    ctx.json(new Answer(true, changed, upcoming(changed)));
  }

  private void delete(Context ctx) {
    String id = ctx.pathParam("id");
    String canonical = Ids.canonical(id).orElseThrow(() -> notFound(id));
    if (!store.delete(canonical)) {
      throw notFound(id);
    }
    ctx.json(new Done(true, "Schedule deleted"));
  }

  private Schedule find(String raw) {
    return Ids.canonical(raw).flatMap(store::find).orElseThrow(() -> notFound(raw));
  }

  /** The next fire times after now, in the schedule's zone (as it would fire if resumed). */
  private List<String> upcoming(Schedule schedule) {
    if (schedule.enabled() && schedule.nextFireAtMs() == Long.MAX_VALUE) {
      return List.of(); // a cron expression with no date left
    }
    ZoneId zone = ZoneId.of(schedule.timezone());
    Instant from =
        schedule.enabled() ? Instant.ofEpochMilli(schedule.nextFireAtMs() - 1) : clock.instant();
    return schedule.when().next(from, UPCOMING).stream()
        .map(t -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone)))
        .toList();
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("schedule not found: " + id);
  }

  /** A schedule, with its next fire times. */
  record Answer(boolean success, Schedule schedule, List<String> nextFireTimes) {}

  /** A page of schedules. */
  record Listed(boolean success, List<Schedule> schedules, long totalCount) {}
}
