package io.spear.spearlet.task;

import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.RuntimeErrorException;
import io.spear.model.task.Task;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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

  private final SmsClient sms;
  private final long revalidateNanos;
  private final LongSupplier nanoTime;
  private final Consumer<String> onGone;
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  /**
   * A directory backed by {@code sms}.
   *
   * @param onGone told the id of a task SMS no longer has, or whose definition changed
   */
  public TaskDirectory(
      SmsClient sms, Duration revalidateInterval, LongSupplier nanoTime, Consumer<String> onGone) {
    this.sms = sms;
    this.revalidateNanos = revalidateInterval.toNanos();
    this.nanoTime = nanoTime;
    this.onGone = onGone;
  }

  /**
   * The task with that id.
   *
   * @throws NotFoundException ({@code TASK_NOT_FOUND}) when SMS does not know it
   * @throws RuntimeErrorException when SMS cannot be reached and the task is not known here
   */
  public Task resolve(String taskId) {
    long now = nanoTime.getAsLong();
    Known cached = known.get(taskId);
    if (cached != null && now - cached.checkedAtNanos() < revalidateNanos) {
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
      if (known.remove(taskId) != null) {
        onGone.accept(taskId);
      }
      throw new NotFoundException(ErrorCode.TASK_NOT_FOUND, "task not found: " + taskId);
    }
    Task task = fetched.get();
    boolean changed = cached != null && !cached.task().equals(task);
    // An unchanged definition keeps its object, so the instance pool's identity check stays fast.
    Task kept = cached != null && !changed ? cached.task() : task;
    known.put(taskId, new Known(kept, now));
    if (changed) {
      onGone.accept(taskId);
    }
    return kept;
  }

  /** Forgets a task (its next use fetches it again). */
  public void forget(String taskId) {
    known.remove(taskId);
  }
}
