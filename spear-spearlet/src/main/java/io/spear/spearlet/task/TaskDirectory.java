package io.spear.spearlet.task;

import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.RuntimeErrorException;
import io.spear.model.error.UnavailableException;
import io.spear.model.secret.SecretReferences;
import io.spear.model.task.Task;
import io.spear.model.task.TaskSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks this node knows: fetched from SMS on first use and checked again once they are older
 * than the revalidation interval, so a deleted or re-registered task is noticed within it.
 */
public final class TaskDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(TaskDirectory.class);

  private record Known(Task task, long checkedAtNanos) {}

  /** A task version's settings, or why its config is refused. */
  private record Parsed(long updatedAt, TaskSettings settings, String refusal) {}

  private final SmsClient sms;
  private final long revalidateNanos;
  private final LongSupplier nanoTime;
  private final Consumer<String> onGone;
  private final Optional<KeptTasks> kept;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  /**
   * A directory backed by {@code sms}.
   *
   * @param onGone told the id of a task SMS no longer has, or whose definition changed
   */
  public TaskDirectory(
      SmsClient sms, Duration revalidateInterval, LongSupplier nanoTime, Consumer<String> onGone) {
    this(sms, revalidateInterval, nanoTime, onGone, Optional.empty());
  }

  /** A directory as above that also keeps the definitions it fetched in {@code kept}. */
  public TaskDirectory(
      SmsClient sms,
      Duration revalidateInterval,
      LongSupplier nanoTime,
      Consumer<String> onGone,
      Optional<KeptTasks> kept) {
    this.sms = sms;
    this.revalidateNanos = revalidateInterval.toNanos();
    this.nanoTime = nanoTime;
    this.onGone = onGone;
    this.kept = kept;
  }

  /**
   * The task with that id.
   *
   * @throws NotFoundException ({@code TASK_NOT_FOUND}) when SMS does not know it
   * @throws RuntimeErrorException when SMS cannot be reached and the task is not known here
   */
  public Task resolve(String taskId) {
    return resolve(taskId, OptionalLong.empty());
  }

  /**
   * The task with that id, where the caller (SMS forwarding an invocation) may name the version it
   * read: a cached or kept task of that version is current, so SMS is not asked again.
   *
   * @throws NotFoundException ({@code TASK_NOT_FOUND}) when SMS does not know it
   * @throws RuntimeErrorException when SMS cannot be reached and the task is not known here
   */
  public Task resolve(String taskId, OptionalLong updatedAt) {
    long now = nanoTime.getAsLong();
    Known cached = known.get(taskId);
    if (cached == null && updatedAt.isPresent()) {
      // After a restart: the definition this node kept, when it is the version SMS names.
      Optional<Task> stored = kept.flatMap(k -> k.find(taskId, updatedAt.getAsLong()));
      if (stored.isPresent()) {
        return known.computeIfAbsent(taskId, id -> new Known(stored.get(), now)).task();
      }
    } else if (cached != null && updatedAt.isPresent()) {
      if (cached.task().updatedAt() == updatedAt.getAsLong()) {
        return cached.task();
      }
    } else if (cached != null
        && (now - cached.checkedAtNanos() < revalidateNanos
            || !known.replace(taskId, cached, new Known(cached.task(), now)))) {
      // Fresh, or another caller has just claimed the revalidation: the cached definition serves
      // until it is done, so a busy task costs SMS one read per interval, not one per caller.
      return cached.task();
    }
    Optional<Task> fetched;
    try {
      fetched = sms.findTask(taskId);
    } catch (ApiCallException e) {
      if (cached != null) {
        // Serving the last known definition beats failing while SMS is briefly away.
        LOG.warn("SMS unreachable while revalidating task {}; using the cached definition", taskId);
        return cached.task();
      }
      throw new RuntimeErrorException("cannot fetch task " + taskId + " from SMS: " + e, e);
    }
    if (fetched.isEmpty()) {
      kept.ifPresent(k -> k.forget(taskId));
      parsed.remove(taskId);
      if (known.remove(taskId) != null) {
        onGone.accept(taskId);
      }
      throw new NotFoundException(ErrorCode.TASK_NOT_FOUND, "task not found: " + taskId);
    }
    Task task = fetched.get();
    boolean[] changed = new boolean[1];
    // Concurrent first fetches converge on one object, and an unchanged definition keeps its
    // object, so the instance pool's identity check stays a hit.
    Known merged =
        known.compute(
            taskId,
            (id, current) -> {
              if (current != null && current.task().equals(task)) {
                return new Known(current.task(), now);
              }
              changed[0] = current != null;
              return new Known(task, now);
            });
    if (merged.task() == task) {
      // New to this node, or changed: a restarted node serves this version without asking.
      kept.ifPresent(k -> k.keep(task));
    }
    if (changed[0]) {
      onGone.accept(taskId);
    }
    return merged.task();
  }

  /**
   * The settings of this version of the task, parsed on its first use and kept until the task
   * changes.
   *
   * @throws InvalidConfigurationException (422) for a task stored before SMS checked its config at
   *     registration
   */
  public TaskSettings settings(Task task) {
    Parsed current = parsed.get(task.taskId());
    if (current == null || current.updatedAt() != task.updatedAt()) {
      current = parse(task);
      parsed.put(task.taskId(), current);
    }
    if (current.refusal() != null) {
      throw new InvalidConfigurationException(current.refusal());
    }
    return current.settings();
  }

  private static Parsed parse(Task task) {
    try {
      return new Parsed(task.updatedAt(), TaskSettings.parse(task.config()), null);
    } catch (InvalidRequestException e) {
      return new Parsed(
          task.updatedAt(),
          null,
          "task "
              + task.taskId()
              + " was stored with a config this node cannot use ("
              + e.getMessage()
              + "); register it again with a valid value");
    }
  }

  /**
   * The environment entries of {@code task} that refer to secrets, with the values SMS gives this
   * node ({@code nodeUuid}) for one execution substituted; empty (and no call to SMS) when the task
   * refers to none. The values are never cached: each execution asks again.
   *
   * @throws NotFoundException {@code SECRET_NOT_FOUND} for a secret SMS does not have
   * @throws UnavailableException {@code SECRETS_UNAVAILABLE} when SMS keeps no secrets
   */
  public Map<String, String> secretEnvironment(Task task, String nodeUuid) {
    Map<String, String> env = task.executable().env();
    java.util.Set<String> names;
    try {
      names = SecretReferences.names(env);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(e.getMessage());
    }
    if (names.isEmpty()) {
      return Map.of();
    }
    Map<String, String> values;
    try {
      values = sms.resolveSecrets(task.taskId(), nodeUuid);
    } catch (ApiCallException e) {
      throw secretFailure(task, e);
    }
    try {
      return SecretReferences.substitute(env, values);
    } catch (IllegalArgumentException e) {
      throw new RuntimeErrorException("SMS did not resolve every secret of task " + task.taskId());
    }
  }

  private static RuntimeException secretFailure(Task task, ApiCallException e) {
    String message = e.getMessage();
    if ("SECRET_NOT_FOUND".equals(e.error())) {
      return new NotFoundException(ErrorCode.SECRET_NOT_FOUND, message);
    }
    if ("SECRETS_UNAVAILABLE".equals(e.error())) {
      return new UnavailableException(ErrorCode.SECRETS_UNAVAILABLE, message);
    }
    return new RuntimeErrorException(
        "cannot resolve the secrets of task " + task.taskId() + " on SMS: " + message, e);
  }
}
