package io.spear.spearlet.trigger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.error.RuntimeErrorException;
import io.spear.model.task.Task;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Which task owns an endpoint, asked of SMS and remembered for the task revalidation interval (a
 * missing endpoint too, so unknown names cost SMS one read per interval, and at most {@link
 * #MAX_ENTRIES} names are kept).
 */
final class EndpointDirectory {

  static final int MAX_ENTRIES = 10_000;

  private final SmsClient sms;
  private final Cache<String, Optional<Task>> owners;

  EndpointDirectory(SmsClient sms, Duration revalidateInterval, LongSupplier nanoTime) {
    this.sms = sms;
    this.owners =
        Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfterWrite(revalidateInterval)
            .ticker(nanoTime::getAsLong)
            .build();
  }

  /**
   * The task owning {@code endpoint} (lower-cased).
   *
   * @throws RuntimeErrorException when SMS cannot be reached and the endpoint is not known here
   */
  Optional<Task> find(String endpoint) {
    return owners.get(endpoint, this::ask);
  }

  private Optional<Task> ask(String endpoint) {
    try {
      return sms.findTaskByEndpoint(endpoint);
    } catch (ApiCallException e) {
      throw new RuntimeErrorException("cannot ask SMS which task owns endpoint " + endpoint, e);
    }
  }
}
