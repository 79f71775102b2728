package io.spear.spearlet.http;

import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.host.http.HeaderSecrets;
import io.spear.host.http.HttpCallErrno;
import io.spear.host.http.HttpCallFailure;
import io.spear.model.api.SecretValues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets one execution's {@code http_call} headers name, asked of SMS when a call first names
 * each and kept in memory for that execution only (this object lives as long as it).
 */
public final class SmsHeaderSecrets implements HeaderSecrets {

  private final SmsClient sms;
  private final String taskId;
  private final String nodeUuid;
  private final Map<String, Optional<Secret>> known = new HashMap<>();

  /** The header secrets of an execution of {@code taskId} on node {@code nodeUuid}. */
  public SmsHeaderSecrets(SmsClient sms, String taskId, String nodeUuid) {
    this.sms = sms;
    this.taskId = taskId;
    this.nodeUuid = nodeUuid;
  }

  @Override
  public synchronized Optional<Secret> find(String name) {
    Optional<Secret> cached = known.get(name);
    if (cached != null) {
      return cached;
    }
    SecretValues answer;
    try {
      answer = sms.resolveHeaderSecrets(taskId, nodeUuid, List.of(name));
    } catch (ApiCallException e) {
      throw new HttpCallFailure(
          HttpCallErrno.EIO, "cannot resolve secret " + name + " on SMS: " + e.error());
    }
    String value = answer.values().get(name);
    Optional<Secret> secret =
        value == null
            ? Optional.empty()
            : Optional.of(new Secret(value, answer.allowedHosts().getOrDefault(name, List.of())));
    known.put(name, secret);
    return secret;
  }
}
