package io.spear.http.trigger;

import io.javalin.http.Context;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.task.HttpTriggerSettings;
import io.spear.model.task.Task;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The enabled task that owns a request's endpoint, looked up once per request (the access check and
 * the handler both ask), the same way on SMS and on a Spearlet; only where tasks are found differs.
 */
public final class TriggerTargets {

  /** A task that answers HTTP, with its trigger settings. */
  public record Target(Task task, HttpTriggerSettings settings) {}

  private static final String ATTRIBUTE = "spear.trigger.target";

  private final Function<String, Optional<Task>> byEndpoint;

  /** Finds tasks with {@code byEndpoint}, given an endpoint in lower case. */
  public TriggerTargets(Function<String, Optional<Task>> byEndpoint) {
    this.byEndpoint = byEndpoint;
  }

  /** The request's target, if its endpoint belongs to a task with the trigger enabled. */
  public Optional<Target> find(Context ctx) {
    Optional<Target> known = ctx.attribute(ATTRIBUTE);
    if (known == null) {
      known = lookUp(ctx.pathParam("endpoint"));
      ctx.attribute(ATTRIBUTE, known);
    }
    return known;
  }

  /** Whether the request's target lets anyone call it ({@code http.public}). */
  public boolean isPublic(Context ctx) {
    return find(ctx).map(t -> t.settings().publicAccess()).orElse(false);
  }

  /**
   * The request's target.
   *
   * @throws NotFoundException when no task answers HTTP at the request's endpoint
   */
  public Target require(Context ctx) {
    return find(ctx)
        .orElseThrow(
            () ->
                new NotFoundException(
                    ErrorCode.NOT_FOUND,
                    "no task answers HTTP at /h/"
                        + ctx.pathParam("endpoint").toLowerCase(Locale.ROOT)
                        + " (its task needs an endpoint and config "
                        + HttpTriggerSettings.ENABLED
                        + "=true)"));
  }

  private Optional<Target> lookUp(String endpoint) {
    if (!Task.ENDPOINT.matcher(endpoint).matches()) {
      return Optional.empty();
    }
    return byEndpoint.apply(endpoint.toLowerCase(Locale.ROOT)).flatMap(TriggerTargets::enabled);
  }

  private static Optional<Target> enabled(Task task) {
    try {
      HttpTriggerSettings settings = HttpTriggerSettings.parse(task.config());
      return settings.enabled() ? Optional.of(new Target(task, settings)) : Optional.empty();
    } catch (InvalidRequestException storedBeforeTheCheck) {
      return Optional.empty();
    }
  }
}
